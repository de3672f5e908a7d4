#!/bin/sh
# fetch-kernels.sh [CACHE_DIR] - fetch Debian cloud kernels for the QEMU boot tests.
#
# Downloads (never installs) the kernel packages behind `linux-image-cloud-amd64`
# in bookworm (6.1) and trixie (6.12) with `apt-get download`, extracts them with
# `dpkg -x` and leaves:
#   CACHE_DIR/vmlinuz-6.1   CACHE_DIR/config-6.1
#   CACHE_DIR/vmlinuz-6.12  CACHE_DIR/config-6.12
#   CACHE_DIR/kernels.txt   one line per kernel: KEY PACKAGE VERSION UNAME-R
# Every suite uses a private apt state under CACHE_DIR/apt/SUITE (sources list,
# lists, cache); the system's /etc/apt and /var/lib/apt are never written.
# Idempotent: a kernel whose vmlinuz and kernels.txt line exist is not fetched again
# (delete the files to refresh).
set -eu

CACHE_DIR=${1:-${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}}
KEYRING=${SIGFTRACE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
MIRROR=${SIGFTRACE_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SIGFTRACE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

die() { echo "fetch-kernels: error: $*" >&2; exit 1; }
log() { echo "fetch-kernels: $*" >&2; }

for t in apt-get apt-cache dpkg-deb; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found (needs a Debian host)"
done
[ -r "$KEYRING" ] || die "keyring $KEYRING missing (apt-get install debian-archive-keyring)"

mkdir -p "$CACHE_DIR" || die "cannot create $CACHE_DIR"
CACHE_DIR=$(cd "$CACHE_DIR" && pwd)
touch "$CACHE_DIR/kernels.txt"
# Serialise concurrent runs on the same cache.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE_DIR/.lock"
	flock 9
fi

# have KEY: the kernel KEY is already in the cache
have() {
	[ -s "$CACHE_DIR/vmlinuz-$1" ] && grep -q "^$1 " "$CACHE_DIR/kernels.txt"
}

# fetch KEY SUITE SOURCES_LINES...
fetch() {
	key=$1 suite=$2
	shift 2
	if have "$key"; then
		log "$key: cached ($(grep "^$key " "$CACHE_DIR/kernels.txt"))"
		return 0
	fi
	adir=$CACHE_DIR/apt/$suite
	mkdir -p "$adir/lists/partial" "$adir/cache/archives/partial" "$adir/dl"
	: >"$adir/sources.list"
	for line in "$@"; do
		echo "$line" >>"$adir/sources.list"
	done
	# Private apt configuration: only these -o options, nothing under /etc/apt changes.
	set -- -o "Dir::Etc::SourceList=$adir/sources.list" \
		-o "Dir::Etc::SourceParts=/dev/null" \
		-o "Dir::State::Lists=$adir/lists" \
		-o "Dir::Cache=$adir/cache" \
		-o "Dir::Etc::Preferences=/dev/null" \
		-o "Dir::Etc::PreferencesParts=/dev/null" \
		-o "APT::Sandbox::User=root" \
		-o "Acquire::Languages=none"

	log "$key: apt-get update ($suite, private state in $adir)"
	if ! apt-get "$@" -q update >"$adir/update.log" 2>&1; then
		cat "$adir/update.log" >&2
		die "$key: apt-get update for $suite failed (network, mirror or signature: see the log above)"
	fi
	if grep -Eq '^(W|E): ' "$adir/update.log"; then
		cat "$adir/update.log" >&2
		die "$key: apt-get update for $suite reported problems (see above)"
	fi

	# linux-image-cloud-amd64 is a metapackage: its candidate depends on the real image.
	pkg=$(apt-cache "$@" depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
	case $pkg in
	linux-image-"$key".*-cloud-amd64 | linux-image-"$key"-*-cloud-amd64) ;;
	'') die "$key: cannot resolve linux-image-cloud-amd64 in $suite" ;;
	*) die "$key: $suite's linux-image-cloud-amd64 points to $pkg, not a $key kernel" ;;
	esac
	ver=$(apt-cache "$@" policy "$pkg" | sed -n 's/^ *Candidate: //p')
	case $ver in '' | '(none)') die "$key: no candidate version for $pkg" ;; esac

	log "$key: downloading $pkg $ver"
	rm -rf "$adir/dl" "$adir/x"
	mkdir -p "$adir/dl" "$adir/x"
	if ! (cd "$adir/dl" && apt-get "$@" -q download "$pkg=$ver") >"$adir/download.log" 2>&1; then
		cat "$adir/download.log" >&2
		die "$key: apt-get download $pkg=$ver failed"
	fi
	for deb in "$adir"/dl/*.deb; do break; done
	[ -f "$deb" ] || die "$key: no .deb downloaded for $pkg"
	dpkg-deb -x "$deb" "$adir/x" || die "$key: dpkg -x $deb failed"

	for vmlinuz in "$adir"/x/boot/vmlinuz-*; do break; done
	[ -f "$vmlinuz" ] || die "$key: $deb has no /boot/vmlinuz-*"
	kver=${vmlinuz##*/vmlinuz-}
	cp "$vmlinuz" "$CACHE_DIR/vmlinuz-$key.tmp"
	mv "$CACHE_DIR/vmlinuz-$key.tmp" "$CACHE_DIR/vmlinuz-$key"
	if [ -f "$adir/x/boot/config-$kver" ]; then
		cp "$adir/x/boot/config-$kver" "$CACHE_DIR/config-$key"
	fi
	{
		grep -v "^$key " "$CACHE_DIR/kernels.txt" || :
		echo "$key $pkg $ver $kver"
	} >"$CACHE_DIR/kernels.txt.tmp"
	mv "$CACHE_DIR/kernels.txt.tmp" "$CACHE_DIR/kernels.txt"
	rm -rf "$adir/dl" "$adir/x"
	log "$key: $CACHE_DIR/vmlinuz-$key = $kver ($pkg $ver)"
}

fetch 6.1 bookworm \
	"deb [signed-by=$KEYRING] $MIRROR bookworm main" \
	"deb [signed-by=$KEYRING] $MIRROR bookworm-updates main" \
	"deb [signed-by=$KEYRING] $SECURITY_MIRROR bookworm-security main"
fetch 6.12 trixie \
	"deb [signed-by=$KEYRING] $MIRROR trixie main" \
	"deb [signed-by=$KEYRING] $MIRROR trixie-updates main" \
	"deb [signed-by=$KEYRING] $SECURITY_MIRROR trixie-security main"

sort -o "$CACHE_DIR/kernels.txt" "$CACHE_DIR/kernels.txt"
cat "$CACHE_DIR/kernels.txt"
