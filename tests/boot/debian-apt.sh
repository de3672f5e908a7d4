# SPDX-License-Identifier: GPL-2.0
#
# debian-apt.sh - sourced by fetch-kernels.sh and tests/cross/sysroot.sh (POSIX sh):
# apt-get and apt-cache on a private apt state, for any Debian architecture.
#
#   apt_private DIR SUITE ARCH  DIR/sources.list (SUITE main, -updates, -security,
#                               signed by the Debian archive keyring), DIR/lists,
#                               DIR/cache; then `apt-get update` unless DIR's lists
#                               are younger than a day. Nothing under /etc/apt or
#                               /var/lib/apt is written: the state comes only from
#                               -o Dir::... options.
#   papt DIR ARCH TOOL ARGS...  run TOOL (apt-get, apt-cache) on that state, for ARCH
#   apt_real PKG DIR ARCH       the package a metapackage depends on (or PKG)
#   apt_get_debs DIR ARCH OUT PKG...  apt-get download PKG... (candidates) into OUT
#
# The caller defines die() and log(). Environment: SIGFTRACE_KEYRING,
# SIGFTRACE_MIRROR, SIGFTRACE_SECURITY_MIRROR.

KEYRING=${SIGFTRACE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
MIRROR=${SIGFTRACE_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SIGFTRACE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

papt() {
	_dir=$1 _arch=$2 _tool=$3
	shift 3
	"$_tool" -o "Dir::Etc::SourceList=$_dir/sources.list" \
		-o "Dir::Etc::SourceParts=/dev/null" \
		-o "Dir::State::Lists=$_dir/lists" \
		-o "Dir::State::status=$_dir/status" \
		-o "Dir::Cache=$_dir/cache" \
		-o "Dir::Etc::Preferences=/dev/null" \
		-o "Dir::Etc::PreferencesParts=/dev/null" \
		-o "APT::Architecture=$_arch" \
		-o "APT::Architectures=$_arch" \
		-o "APT::Sandbox::User=root" \
		-o "Acquire::Languages=none" "$@"
}

apt_private() {
	_dir=$1 _suite=$2 _arch=$3
	for t in apt-get apt-cache dpkg-deb; do
		command -v "$t" >/dev/null 2>&1 || die "'$t' not found (needs a Debian host)"
	done
	[ -r "$KEYRING" ] || die "keyring $KEYRING missing (apt-get install debian-archive-keyring)"
	mkdir -p "$_dir/lists/partial" "$_dir/cache/archives/partial"
	# an empty dpkg status: candidates only, nothing is "installed" here
	[ -f "$_dir/status" ] || : >"$_dir/status"
	{
		echo "deb [signed-by=$KEYRING] $MIRROR $_suite main"
		echo "deb [signed-by=$KEYRING] $MIRROR $_suite-updates main"
		echo "deb [signed-by=$KEYRING] $SECURITY_MIRROR $_suite-security main"
	} >"$_dir/sources.list.new"
	# fresh lists for the same sources: no network at all
	if cmp -s "$_dir/sources.list.new" "$_dir/sources.list" && [ -f "$_dir/updated" ] &&
		[ -z "$(find "$_dir/updated" -mmin +1440 2>/dev/null)" ]; then
		rm -f "$_dir/sources.list.new"
		return 0
	fi
	mv "$_dir/sources.list.new" "$_dir/sources.list"
	log "apt-get update ($_suite, $_arch, private state in $_dir)"
	if ! apt_update "$_dir" "$_arch" && apt_only_security_failed "$_dir/update.log"; then
		# a mirror in the middle of a sync can serve one index of the wrong size:
		# the security archive only adds newer versions of the same packages
		log "warning: the $_suite-security index for $_arch is unusable on $SECURITY_MIRROR ($(sed -n 's/^  \(File has .*\)\. Mirror.*/\1/p' "$_dir/update.log" | head -n 1)): using $_suite and $_suite-updates only"
		grep -v -- "-security " "$_dir/sources.list" >"$_dir/sources.list.new"
		mv "$_dir/sources.list.new" "$_dir/sources.list"
		apt_update "$_dir" "$_arch" || {
			cat "$_dir/update.log" >&2
			die "apt-get update for $_suite/$_arch failed (network, mirror or signature: see the log above)"
		}
	elif [ -s "$_dir/update.log.bad" ]; then
		cat "$_dir/update.log" >&2
		die "apt-get update for $_suite/$_arch failed (network, mirror or signature: see the log above)"
	fi
	touch "$_dir/updated"
}

# apt_update DIR ARCH: apt-get update on DIR's state, its log in DIR/update.log;
# false (DIR/update.log.bad not empty) when it failed or reported problems
apt_update() {
	: >"$1/update.log.bad"
	if ! papt "$1" "$2" apt-get -q update >"$1/update.log" 2>&1 ||
		grep -Eq '^(W|E): ' "$1/update.log"; then
		echo failed >"$1/update.log.bad"
		return 1
	fi
	rm -f "$1/update.log.bad"
}

# apt_only_security_failed LOG: every index that failed is the security archive's
apt_only_security_failed() {
	grep -q '^Err:.*-security ' "$1" && ! grep '^Err:' "$1" | grep -qv -- '-security '
}

apt_real() {
	_real=$(papt "$2" "$3" apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	echo "${_real:-$1}"
}

apt_get_debs() {
	_dir=$1 _arch=$2 _out=$3
	shift 3
	mkdir -p "$_out"
	if ! (cd "$_out" && papt "$_dir" "$_arch" apt-get -q download "$@") >"$_dir/download.log" 2>&1; then
		cat "$_dir/download.log" >&2
		die "apt-get download $* ($_arch) failed"
	fi
}
