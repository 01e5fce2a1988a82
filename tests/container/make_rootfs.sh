#!/usr/bin/env bash
# A Debian root file system for tests/container/run.sh: bookworm's minimal base, from the mirror apt uses,
# plus the shared libraries CPython's extension modules and torch load (Python itself is bound in later).
#
#   tests/container/make_rootfs.sh [DIR]     (as root; DIR defaults to /srv/rootfs; a second run does nothing)
set -euo pipefail
ROOTFS=${1:-/srv/rootfs}
[ -x "$ROOTFS/bin/sh" ] && [ -e "$ROOTFS/usr/lib/x86_64-linux-gnu/libffi.so.8" ] && exit 0
# The mirror of this machine's own apt sources (deb822 or one-line), else Debian's.
MIRROR=$(sed -n 's/^URIs: *//p; s/^deb \(\[[^]]*\] \)\?\(http[^ ]*\) bookworm .*/\2/p' \
         /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -v security | head -1)
debootstrap --variant=minbase bookworm "$ROOTFS" "${MIRROR:-http://deb.debian.org/debian}"
chroot "$ROOTFS" apt-get install -y -q --no-install-recommends libffi8 libssl3 libbz2-1.0 liblzma5 libsqlite3-0 \
  libncursesw6 libreadline8 libuuid1 zlib1g libexpat1 libnsl2 libtirpc3 libcrypt1 libstdc++6 libgomp1 libseccomp2
chroot "$ROOTFS" apt-get clean
