#!/usr/bin/env bash
# Prove that a fresh Debian needs nothing but the project's own scripts: make a bare
# bookworm root (debootstrap minbase plus git, python3, ca-certificates), clone this
# repository's HEAD into it, and run there, as root in a chroot, what README tells a
# newcomer: `./scripts/run.sh demo --check`, `./scripts/test.sh`, and then
# `./scripts/package.sh --check` (the built program's self-check, on Xvfb through xcb).
# Each step's time is printed. Needs root; called by .ci/run. The root is removed after.
#
# The chroot reaches only the package registries, the way this machine does: it gets
# copies of this machine's apt sources and configuration, CA certificates and pip
# configuration, and read-only binds of the local wheel folders pip is pointed at.
# Extra arguments go to test.sh (e.g. a smoke subset when time is short).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$repo/../shared" && pwd)
root=$(mktemp -d "${TMPDIR:-/var/tmp}/collector-bare-root.XXXXXX")
chmod 755 "$root"  # mktemp's 0700 would keep the postgres user out of its own binaries
mounts=()

bind() {  # bind SOURCE TARGET [ro]
    mkdir -p "$2"
    mount --rbind "$1" "$2"
    mount --make-rslave "$2"
    if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
    mounts+=("$2")
}

clean_up() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -R "${mounts[i]}" || umount -R -l "${mounts[i]}" || true
    done
    # Never delete through a bind that is still mounted (/dev, the shared corpus).
    if grep -q " $root/" /proc/mounts; then
        echo "bare root: mounts left under $root; not removing it" >&2
    else
        rm -rf "$root"
    fi
}
trap clean_up EXIT

step() {  # step NAME COMMAND...: run it, print its time, stop at a failure
    local name=$1 start=$SECONDS
    shift
    echo "== bare root: $name" >&2
    if "$@"; then
        echo "== bare root: $name passed in $((SECONDS - start)) s" >&2
    else
        echo "== bare root: $name FAILED after $((SECONDS - start)) s" >&2
        exit 1
    fi
}

in_root() {  # a login-like clean environment: nothing of this machine's but what was copied
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -c "cd /work/collector && $1"
}

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
    true)
mirror=${mirror:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

make_root() {
    debootstrap --variant=minbase --include=git,python3,ca-certificates bookworm "$root" \
        "$mirror" > "$root.debootstrap.log" 2>&1 || { tail -20 "$root.debootstrap.log"; return 1; }
    rm -f "$root.debootstrap.log"
    # apt: this machine's sources and settings instead of debootstrap's one line.
    rm -f "$root/etc/apt/sources.list"
    cp -a /etc/apt/sources.list.d/. "$root/etc/apt/sources.list.d/"
    cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # CA certificates: this machine's own, kept through update-ca-certificates.
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates > /dev/null 2>&1
    # pip: the configuration `pip config list` reads, and the local indexes it names.
    local file
    for file in /etc/pip.conf /etc/xdg/pip /root/.pip /root/.config/pip; do
        if [ -e "$file" ]; then
            mkdir -p "$root$(dirname "$file")"
            cp -a "$file" "$root$file"
        fi
    done
    for file in /opt/wheels /opt/pypi*; do
        [ -d "$file" ] && bind "$file" "$root$file" ro
    done
    bind /proc "$root/proc"
    bind /dev "$root/dev"
    bind /sys "$root/sys"
    bind "$shared" "$root/work/shared" ro
    git clone --quiet "$repo" "$root/work/collector"
}

total=$SECONDS
step "debootstrap and copies of apt, CA and pip settings" make_root
step "./scripts/run.sh demo --check" in_root "./scripts/run.sh demo --check"
step "./scripts/test.sh $*" in_root "./scripts/test.sh -q -p no:cacheprovider $*"
step "./scripts/package.sh --check" in_root "./scripts/package.sh --check"
echo "== bare root: all passed in $((SECONDS - total)) s" >&2
