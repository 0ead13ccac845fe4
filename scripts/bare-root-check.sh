#!/usr/bin/env bash
# Prove that a fresh Debian needs nothing but the project's own scripts: make a bare
# bookworm root (debootstrap minbase plus git, python3, ca-certificates), clone this
# repository's HEAD into it, and run there, as root in a chroot, what README tells a
# newcomer: `./scripts/run.sh demo --check`, `./scripts/test.sh` (the whole suite; extra
# arguments go to pytest) and `./scripts/package.sh --check`. Then the built folder is
# copied into a second bare root that gets nothing but Xvfb and libEGL, as an office PC
# has nothing but a desktop, and its self-check runs there through X11: what the package
# does not bundle fails here. Each step's time is printed. Needs root; called by .ci/run. The
# roots are removed after.
#
# The chroots reach only the package registries, the way this machine does: they get
# copies of this machine's apt sources and configuration and CA certificates; the first
# also its pip configuration and read-only binds of the local wheel folders pip reads.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$repo/../shared" && pwd)
work=$(mktemp -d "${TMPDIR:-/var/tmp}/collector-bare-root.XXXXXX")
chmod 755 "$work"
root=$work/dev
desktop=$work/desktop
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
    [ -z "${debootstrapping:-}" ] || kill "$debootstrapping" 2>/dev/null || true
    wait 2>/dev/null || true
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -R "${mounts[i]}" || umount -R -l "${mounts[i]}" || true
    done
    # Never delete through a bind that is still mounted (/dev, the shared corpus).
    if grep -q " $work/" /proc/mounts; then
        echo "bare root: mounts left under $work; not removing it" >&2
    else
        rm -rf "$work"
    fi
}
trap clean_up EXIT
trap 'exit 130' INT TERM  # through clean_up: a stopped run leaves no mounts behind

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

in_chroot() {  # in_chroot DIR COMMAND: a clean environment, nothing of this machine's
    chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -c "$2"
}

in_root() {
    in_chroot "$root" "cd /work/collector && $1"
}

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
    true)
mirror=${mirror:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

bootstrap() {  # bootstrap DIR [PACKAGES]: a minbase bookworm with this machine's apt and CAs
    mkdir -p "$1"
    chmod 755 "$1"  # the postgres user must reach its binaries
    debootstrap --variant=minbase ${2:+--include=$2} bookworm "$1" "$mirror" \
        > "$1.debootstrap.log" 2>&1 || { tail -20 "$1.debootstrap.log"; return 1; }
    rm -f "$1.debootstrap.log" "$1/etc/apt/sources.list"
    cp -a /etc/apt/sources.list.d/. "$1/etc/apt/sources.list.d/"
    cp -a /etc/apt/apt.conf.d/. "$1/etc/apt/apt.conf.d/"
    cp /etc/resolv.conf "$1/etc/resolv.conf"
}

make_root() {
    bootstrap "$root" git,python3,ca-certificates
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

package_on_a_bare_desktop() {
    wait "$debootstrapping" || { echo "debootstrap of the second root failed" >&2; return 1; }
    debootstrapping=""
    bind /proc "$desktop/proc"
    bind /dev "$desktop/dev"
    # libEGL is the system's OpenGL dispatch (PyInstaller leaves it out: it must match the
    # PC's drivers); every desktop with Mesa has it, a bare root not.
    in_chroot "$desktop" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends xvfb xauth libegl1 > /tmp/apt.log 2>&1 ||
        { cat /tmp/apt.log; exit 1; }"
    cp -a "$root"/work/collector/dist/collector-* "$desktop/opt/"
    in_chroot "$desktop" "QT_QPA_PLATFORM=xcb xvfb-run -a /opt/collector-*/collector-cli \
        --lang en --self-check"
}

total=$SECONDS
# The second root is made meanwhile; the package needs it only at the end.
bootstrap "$desktop" & debootstrapping=$!
step "debootstrap and copies of apt, CA and pip settings" make_root
step "./scripts/run.sh demo --check" in_root "./scripts/run.sh demo --check"
step "./scripts/test.sh $*" in_root "./scripts/test.sh -q -p no:cacheprovider $*"
step "./scripts/package.sh --check" in_root "./scripts/package.sh --check"
step "the package's self-check on a bare root with only Xvfb" package_on_a_bare_desktop
echo "== bare root: all passed in $((SECONDS - total)) s" >&2
