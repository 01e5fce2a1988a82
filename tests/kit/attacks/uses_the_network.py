"""ATTACK: fetch the solution over TCP from a server on 127.0.0.1 (the test runs one on PORT)."""
import socket

PORT = 0  # the test puts its server's port here


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=2) as connection:
            connection.sendall(b"solution please\n")
            source = b""
            while chunk := connection.recv(65536):
                source += chunk
    except OSError:
        return -1
    namespace = {}
    exec(source.decode(), namespace)
    return namespace["count_trainable"](model)
