#!/bin/bash
# Fetch a Debian-packaged kernel and unpack what a guest needs into
# CACHE_ROOT/debian/<package>_<version>/:
#   vmlinuz  config  System.map  release  package  components  download-bytes
#   modules/lib/modules/<release>/ (a depmod index and the modules --modules names, with
#   their dependencies, as the package ships them: compressed in trixie and later)
#
#   vm/kernel-fetch.sh [--refresh] [--modules "veth ..."] CACHE_ROOT [KERNEL]
#
# KERNEL (default debian:bookworm, Debian 12's kernel):
#   debian:SUITE      the suite's current amd64 image, what its linux-image-amd64 depends
#                     on, security updates included: bullseye, bookworm, trixie, sid,
#                     stable, bookworm-backports, ...
#   debian:PACKAGE[=VERSION][/SUITE]   a kernel package by name, e.g.
#                     debian:linux-image-5.10.0-32-amd64; without /SUITE it is looked up
#                     in $XSKNS_DEBIAN_SUITES (default "bullseye bookworm trixie sid")
#   FILE.deb          a Debian kernel package file; when it is a metapackage (sid splits
#                     the kernel into linux-binary-, linux-modules- and linux-base-<rel>),
#                     the parts are taken from beside it, or fetched by name
# Each suite has a private apt configuration, CACHE_ROOT/apt/<suite>/ (its own sources
# list, lists, cache and status; the system's apt sources are never changed), with
# signature checks on against Debian's archive keyring, from the mirror the system's apt
# sources name (XSKNS_DEBIAN_MIRROR, XSKNS_DEBIAN_SECURITY_MIRROR override). A suite's
# lists are fetched on first use and refreshed only with --refresh (or when the package
# they name is gone from the mirror); a cached kernel is used without asking apt, so a
# warm cache works offline. When the lists cannot be fetched, the kernel the name
# resolved to last time is used.
# Last line on stdout: the folder. A package or suite that does not exist is one line
# naming it on stderr and exit 2; so is any other failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
modules="veth"
refresh=0
usage() {
	echo "usage: $0 [--refresh] [--modules \"veth ...\"] CACHE_ROOT [debian:SUITE | debian:PACKAGE[=VERSION][/SUITE] | FILE.deb]" >&2
	exit 2
}
while [[ $# -gt 0 ]]; do
	case $1 in
	--package) spec=debian:${2:?}; shift 2 ;; # the old spelling
	--modules) modules=${2:?}; shift 2 ;;
	--refresh) refresh=1; shift ;;
	-*) usage ;;
	*) break ;;
	esac
done
[[ $# -eq 1 || $# -eq 2 ]] || usage
cache_root=$1
spec=${2:-${spec:-debian:bookworm}}
log() { echo "kernel-fetch: $*" >&2; }
die() {
	log "$*"
	exit 2
}
for tool in apt-get apt-cache dpkg-deb depmod flock; do
	command -v "$tool" >/dev/null || die "$tool not found (make deps)"
done
keyring=${XSKNS_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
default_suites=${XSKNS_DEBIAN_SUITES:-bullseye bookworm trixie sid}

mkdir -p "$cache_root/debian" "$cache_root/apt"
cache_root=$(cd "$cache_root" && pwd)
# one fetch at a time per cache: guests started side by side share it
exec 9>"$cache_root/debian/.lock"
flock 9

tmp=$(mktemp -d "$cache_root/debian/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- the mirror ---------------------------------------------------------------------------
# "URI SUITE" of every deb line of the system's apt sources (one-line and deb822 styles)
system_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -r $f ]] || continue
		awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
			print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -r $f ]] || continue
		awk 'function flush() { if (deb) for (u in U) for (s in S) print u, s
				deb = 0; delete U; delete S }
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			tolower($1) == "uris:" { for (i = 2; i <= NF; i++) U[$i] = 1 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) S[$i] = 1 }
			END { flush() }' "$f"
	done
}
debian_suite_re='^(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)'
mirror=${XSKNS_DEBIAN_MIRROR:-}
security_mirror=${XSKNS_DEBIAN_SECURITY_MIRROR:-}
if [[ -z $mirror || -z $security_mirror ]]; then
	while read -r uri suite; do
		[[ $suite =~ $debian_suite_re ]] || continue
		if [[ $suite == *-security || $suite == */updates ]]; then
			[[ -n $security_mirror ]] || security_mirror=$uri
		else
			[[ -n $mirror ]] || mirror=$uri
		fi
	done < <(system_sources 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}
mirror=${mirror%/} security_mirror=${security_mirror%/}

# --- a private apt configuration per suite -------------------------------------------------
# apt_root SUITE: CACHE_ROOT/apt/SUITE with apt.conf (use as APT_CONFIG) and sources.list:
# the suite, and for a release its -updates and -security suites
apt_root() {
	local suite=$1 root=$cache_root/apt/$1 sys_conf
	[[ -f $keyring ]] || die "Debian's archive keyring $keyring is missing (apt-get install debian-archive-keyring)"
	mkdir -p "$root/lists/partial" "$root/cache/archives/partial" "$root/parts"
	[[ -f $root/status ]] || : >"$root/status"
	# from the system's apt configuration (its other settings are not read): its proxy,
	# and whether it checks a Release file's Valid-Until and Date (a mirror that is a
	# frozen snapshot needs them off); signatures are always checked
	sys_conf=$(apt-config dump 2>/dev/null | grep -E '^Acquire::(http::Proxy|Check-Valid-Until|Check-Date) "' || true)
	cat >"$root/apt.conf.tmp" <<-EOF
	Dir::Etc::Main "/dev/null";
	Dir::Etc::Parts "$root/parts";
	Dir::Etc::SourceList "$root/sources.list";
	Dir::Etc::SourceParts "$root/parts";
	Dir::Etc::Preferences "/dev/null";
	Dir::Etc::PreferencesParts "$root/parts";
	Dir::Etc::TrustedParts "$root/parts";
	Dir::State::Lists "$root/lists";
	Dir::State::Status "$root/status";
	Dir::Cache "$root/cache";
	Dir::Cache::srcpkgcache "";
	Acquire::GzipIndexes "true";
	APT::Architecture "amd64";
	APT::Architectures { "amd64"; };
	APT::Sandbox::User "root";
	Acquire::Languages "none";
	Acquire::Retries "1";
	Acquire::http::Timeout "30";
	$sys_conf
	EOF
	mv "$root/apt.conf.tmp" "$root/apt.conf"
	# written every time: the mirror may have changed; suites the mirror lacks are in
	# "dropped"
	local s
	{
		echo "$suite $mirror"
		if [[ $suite != *-* && ! $suite =~ ^(sid|unstable|experimental|rc-buggy)$ ]]; then
			echo "$suite-updates $mirror"
			echo "$suite-security $security_mirror"
		fi
	} | while read -r s uri; do
		grep -qxF "$s" "$root/dropped" 2>/dev/null || echo "deb [signed-by=$keyring] $uri $s main"
	done >"$root/sources.list"
	echo "$root"
}
aptq() { # aptq ROOT COMMAND ARGS...: an apt command in that configuration
	local root=$1
	shift
	APT_CONFIG=$root/apt.conf "$@"
}
has_lists() { compgen -G "$1/lists/*_Packages*" >/dev/null; }

# apt_update SUITE: fetch its lists. A -updates or -security suite the mirror does not have
# is dropped; the suite itself missing, a signature that does not verify, or no network
# is an error (status 2 for a missing suite, 1 otherwise; the reason in update_why).
update_why=
apt_update() {
	local suite=$1 root start=$SECONDS e line extra dropped
	root=$(apt_root "$suite")
	for _ in 1 2 3; do
		if aptq "$root" apt-get -q --error-on=any update >"$root/update.log" 2>&1 && has_lists "$root"; then
			cp "$root/sources.list" "$root/sources.list.ok"
			touch "$root/lists-updated"
			log "package lists for $suite ($(grep '^deb ' "$root/sources.list" | awk '{ print $4 }' | paste -sd' ')): $((SECONDS - start)) s"
			return 0
		fi
		e=$(grep -E '^(E|W):' "$root/update.log" || true)
		if grep -qF "$suite Release' does not have a Release file" <<<"$e" &&
			! grep -qE "$suite-[a-z]+ Release' does not have" <<<"$e"; then
			update_why="no suite '$suite' on $mirror"
			return 2
		fi
		dropped=0
		for extra in "$suite-updates" "$suite-security"; do
			if grep -qF "$extra Release' does not have a Release file" <<<"$e"; then
				echo "$extra" >>"$root/dropped"
				dropped=1
			fi
		done
		if [[ $dropped -eq 1 ]]; then
			apt_root "$suite" >/dev/null
			continue
		fi
		line=$(grep -m 1 -E 'NO_PUBKEY|not signed|EXPKEYSIG|BADSIG' <<<"$e" || true)
		if [[ -n $line ]]; then
			update_why="the signature of $suite does not verify with $keyring: ${line:0:160}"
		else
			line=$(grep -m 1 -E '^(E|W):' "$root/update.log" || tail -n 1 "$root/update.log")
			update_why="cannot fetch the package lists of $suite (offline?): ${line:0:160}"
		fi
		return 1
	done
	update_why="cannot fetch the package lists of $suite: $(tail -n 1 "$root/update.log")"
	return 1
}

# ensure_lists SUITE: the suite's lists, fetched when missing or with --refresh; a failed
# refresh keeps the lists there are. Status as apt_update's when there are none.
declare -A refreshed=()
ensure_lists() {
	local suite=$1 root=$cache_root/apt/$1 st=0
	if has_lists "$root" && [[ $refresh -eq 0 || -n ${refreshed[$suite]:-} ]]; then
		[[ -f $root/lists-updated ]] || touch "$root/lists-updated"
		return 0
	fi
	refreshed[$suite]=1
	apt_update "$suite" || st=$?
	[[ $st -eq 0 ]] && return 0
	# the lists there are, read through the sources that fetched them
	[[ -f $root/sources.list.ok ]] && cp "$root/sources.list.ok" "$root/sources.list"
	if has_lists "$root"; then
		log "$update_why; using the package lists there are"
		return 0
	fi
	# never worked: leave nothing behind that looks like a suite
	[[ $st -eq 2 ]] && rm -rf "$root"
	return "$st"
}

# field ROOT PACKAGE[=VERSION] FIELD: a field of the candidate (or that version)
field() {
	aptq "$1" apt-cache show --no-all-versions "$2" 2>/dev/null | sed -n "s/^$3: //p" | head -n 1 || true
}

# --- the cache ----------------------------------------------------------------------------
slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9._+=-' '_'; }
by_name=$cache_root/debian/by-name
cached_ok() { # cached_ok DIR: complete, and with the modules asked for
	[[ -f $1/.xskns-done && "$(cat "$1/.xskns-modules" 2>/dev/null)" == "$modules" ]]
}
hit() { # hit DIR: record the name, print the folder
	mkdir -p "$by_name"
	ln -sfn "../$(basename "$1")" "$by_name/$(slug "$spec")"
	(cd "$1" && pwd)
	exit 0
}
# last_resort WHY: the kernel this name resolved to before, or the error
last_resort() {
	local link
	link=$by_name/$(slug "$spec")
	if [[ -L $link ]] && cached_ok "$link"; then
		log "$1; using $(cat "$link/package") from the cache (the last kernel $spec named)"
		(cd "$link" && pwd -P)
		exit 0
	fi
	die "$1"
}

# --- resolve the name to packages ---------------------------------------------------------
# Sets: root (apt configuration), package, version, suite_used
root='' package='' version='' suite_used=''
# follow_meta: while the package is a metapackage whose dependency is another
# linux-image package (linux-image-amd64 -> linux-image-<release>), follow it
follow_meta() {
	local dep
	for _ in 1 2 3; do
		dep=$(field "$root" "$package=$version" Depends | tr ',' '\n' |
			sed -n 's/^ *\(linux-image-[^ ]*\) *(= *\([^)]*\)).*/\1 \2/p' | head -n 1)
		[[ -n $dep ]] || return 0
		read -r package version <<<"$dep"
	done
}

resolve_suite() { # resolve_suite SUITE
	local suite=$1 st=0
	[[ $suite =~ ^[a-z][a-z0-9-]*$ ]] || die "debian:$suite: not a suite name"
	ensure_lists "$suite" || st=$?
	case $st in
	0) ;;
	2) die "no Debian suite '$suite' (debian:$suite): $mirror has no such suite" ;;
	*) last_resort "$update_why" ;;
	esac
	root=$cache_root/apt/$suite suite_used=$suite
	package=linux-image-amd64
	version=$(field "$root" "$package" Version)
	[[ -n $version ]] || die "no linux-image-amd64 in Debian suite '$suite' (debian:$suite)"
	follow_meta
}

resolve_package() { # resolve_package NAME[=VERSION][/SUITE]
	local want=$1 suites s want_version='' st
	if [[ $want == */* ]]; then
		suites=${want##*/}
		want=${want%/*}
	else
		suites=$default_suites
	fi
	if [[ $want == *=* ]]; then
		want_version=${want#*=}
		want=${want%%=*}
	fi
	[[ $want =~ ^linux-[a-z0-9][a-z0-9.+-]*$ ]] || die "debian:$1: not a kernel package name (linux-...)"
	local order=() pending=() errs=()
	# suites with lists first, the others fetched one at a time until one has it
	for s in $suites; do
		if has_lists "$cache_root/apt/$s" && [[ $refresh -eq 0 ]]; then order+=("$s"); else pending+=("$s"); fi
	done
	for s in "${order[@]}" "${pending[@]}"; do
		st=0
		ensure_lists "$s" || st=$?
		if [[ $st -ne 0 ]]; then
			errs+=("$update_why")
			continue
		fi
		root=$cache_root/apt/$s
		version=$(field "$root" "$want${want_version:+=$want_version}" Version)
		if [[ -n $version ]]; then
			package=$want suite_used=$s
			follow_meta
			return 0
		fi
	done
	if [[ ${#errs[@]} -gt 0 ]]; then
		last_resort "no package $want${want_version:+=$want_version} in Debian suites with lists ($suites); ${errs[0]}"
	fi
	die "no Debian package $want${want_version:+ version $want_version} in $suites (debian:$1)"
}

# --- unpack -------------------------------------------------------------------------------
# the parts of a split kernel (sid): dependencies linux-binary|modules|base-<release> of
# the image package, with their exact versions; "name version" lines
split_parts() { # split_parts DEPENDS
	tr ',' '\n' <<<"$1" | sed -n 's/^ *\(linux-\(binary\|modules\|base\)-[^ ]*\) *(= *\([^)]*\)).*/\1 \3/p'
}
has_vmlinuz() { dpkg-deb -c "$1" | grep -E '\./(boot/vmlinuz-|usr/lib/modules/[^/]+/vmlinuz$)' >/dev/null; }

# unpack DEB...: into $tmp/root, then CACHE_ROOT/debian/<package>_<version>/ (dest)
unpack() {
	local deb unpack_root=$tmp/root rels rel moddir dm kernel_img cfg map
	mkdir -p "$unpack_root"
	for deb in "$@"; do
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$unpack_root" --exclude='./usr/share/*' ||
			die "cannot unpack $(basename "$deb")"
	done
	mapfile -t rels < <(find "$unpack_root/lib/modules" "$unpack_root/usr/lib/modules" -mindepth 1 -maxdepth 1 \
		-type d -printf '%f\n' 2>/dev/null | sort -u)
	[[ ${#rels[@]} -eq 1 ]] || die "$package $version: expected one lib/modules/<release>, found ${#rels[@]} (${rels[*]})"
	rel=${rels[0]}
	# depmod reads BASE/lib/modules/<release>: merge /lib and /usr/lib (merged-/usr suites)
	dm=$tmp/dm/lib/modules/$rel
	mkdir -p "$dm"
	for moddir in "$unpack_root/lib/modules/$rel" "$unpack_root/usr/lib/modules/$rel"; do
		[[ -d $moddir ]] && cp -a "$moddir/." "$dm/"
	done
	kernel_img=$unpack_root/boot/vmlinuz-$rel
	[[ -f $kernel_img ]] || kernel_img=$dm/vmlinuz
	[[ -f $kernel_img ]] || die "$package $version: no vmlinuz in the package"
	cfg=$unpack_root/boot/config-$rel
	[[ -f $cfg ]] || cfg=$dm/config
	map=$unpack_root/boot/System.map-$rel
	[[ -f $map ]] || map=$dm/System.map
	# no package ships modules.dep (the postinst runs depmod)
	depmod -b "$tmp/dm" "$rel" 2>"$tmp/depmod.log" || die "depmod failed: $(tail -n 1 "$tmp/depmod.log")"
	local names=()
	read -r -a names <<<"$modules"
	"$here/modules.sh" "$dm" "${names[@]}" >"$tmp/wanted" || die "$package $version: modules $modules not found"
	local keep=$tmp/keep/lib/modules/$rel m f
	mkdir -p "$keep"
	for f in modules.dep modules.order modules.builtin; do
		[[ -f $dm/$f ]] && cp "$dm/$f" "$keep/"
	done
	while IFS= read -r m; do
		mkdir -p "$keep/$(dirname "$m")"
		cp "$dm/$m" "$keep/$m"
	done <"$tmp/wanted"

	rm -rf "$dest"
	mkdir -p "$dest.tmp/modules/lib/modules"
	cp "$kernel_img" "$dest.tmp/vmlinuz"
	if [[ -f $cfg ]]; then cp "$cfg" "$dest.tmp/config"; else : >"$dest.tmp/config"; fi
	if [[ -f $map ]]; then cp "$map" "$dest.tmp/System.map"; else : >"$dest.tmp/System.map"; fi
	cp -a "$keep" "$dest.tmp/modules/lib/modules/"
	echo "$rel" >"$dest.tmp/release"
	echo "$package $version" >"$dest.tmp/package"
	printf '%s\n' "$modules" >"$dest.tmp/.xskns-modules"
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
}

# --- a .deb given by path ---------------------------------------------------------------
if [[ $spec == *.deb && $spec != debian:* ]]; then
	[[ -f $spec && -r $spec ]] || die "no such kernel package file: $spec"
	deb=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
	package=$(dpkg-deb -f "$deb" Package 2>/dev/null) || die "$spec: not a Debian package"
	version=$(dpkg-deb -f "$deb" Version)
	[[ $package == linux-* ]] || die "$spec: package $package is not a kernel (linux-...)"
	dest=$cache_root/debian/${package}_${version}_$(sha256sum "$deb" | cut -c1-12)
	cached_ok "$dest" && { log "cache hit: $package $version ($spec)"; hit "$dest"; }
	debs=("$deb")
	if ! has_vmlinuz "$deb"; then
		while read -r part pver; do
			found=
			for f in "$(dirname "$deb")/${part}_"*.deb; do
				[[ -f $f && "$(dpkg-deb -f "$f" Version)" == "$pver" ]] && found=$f && break
			done
			if [[ -z $found ]]; then
				# not beside it: from the archive, in the suites that have it
				spec_saved=$spec
				spec=debian:$part=$pver
				resolve_package "$part=$pver"
				spec=$spec_saved
				(cd "$tmp" && aptq "$root" apt-get download -q "$part=$pver" >"$tmp/apt.log" 2>&1) ||
					die "$spec: cannot download its part $part $pver: $(grep -m 1 '^E:' "$tmp/apt.log")"
				found=$(find "$tmp" -maxdepth 1 -name "${part}_*.deb" | head -n 1)
				package=$(dpkg-deb -f "$deb" Package) version=$(dpkg-deb -f "$deb" Version)
			fi
			debs+=("$found")
		done < <(split_parts "$(dpkg-deb -f "$deb" Depends)")
	fi
	printf '%s\n' "${debs[@]}" >"$tmp/debs"
	unpack "${debs[@]}"
	for f in "${debs[@]}"; do echo "$(dpkg-deb -f "$f" Package)=$(dpkg-deb -f "$f" Version)"; done >"$dest/components"
	echo "file $deb" >"$dest/source"
	du -cb "${debs[@]}" | tail -n 1 | cut -f1 >"$dest/download-bytes"
	touch "$dest/.xskns-done"
	log "cached $package $version ($(cat "$dest/release")) from $spec: $(du -sh "$dest" | cut -f1)"
	hit "$dest"
fi

# --- by name --------------------------------------------------------------------------------
# A name resolved before, with no package lists fetched since, names the same kernel: no
# need to ask apt again.
link=$by_name/$(slug "$spec")
if [[ $refresh -eq 0 && -L $link ]] && cached_ok "$link"; then
	read -r kind suite_used _ 2>/dev/null <"$link/source" || kind=
	stamp=$cache_root/apt/$suite_used/lists-updated
	if [[ $kind == suite && -f $stamp && -n $(find "$link" -maxdepth 0 -newer "$stamp") ]]; then
		log "cache hit: $(cat "$link/package") ($spec)"
		(cd "$link" && pwd -P)
		exit 0
	fi
fi
case $spec in
debian:linux-*) resolve_package "${spec#debian:}" ;;
debian:?*) resolve_suite "${spec#debian:}" ;;
*) die "KERNEL=$spec: not debian:SUITE, debian:PACKAGE, a .deb file, or a kernel image" ;;
esac

dest=$cache_root/debian/${package}_$version
if cached_ok "$dest"; then
	log "cache hit: $package $version ($spec)"
	# a folder from before sources were recorded
	[[ -f $dest/source ]] || echo "suite $suite_used $mirror" >"$dest/source"
	hit "$dest"
fi

# download: the image package, and its parts when it is only a metapackage
download() { # download NAME=VERSION...
	(cd "$tmp" && aptq "$root" apt-get download -q "$@" >"$tmp/apt.log" 2>&1)
}
start=$SECONDS
if ! download "$package=$version"; then
	# superseded on the mirror since the lists were fetched: fetch them again, once
	refresh=1
	ensure_lists "$suite_used" || true
	download "$package=$version" ||
		die "cannot download $package $version: $(grep -m 1 -E '^(E|W):' "$tmp/apt.log" || tail -n 1 "$tmp/apt.log")"
fi
deb=$(find "$tmp" -maxdepth 1 -name "${package}_*.deb" | head -n 1)
[[ -n $deb ]] || die "apt-get download produced no .deb for $package"
debs=("$deb")
if ! has_vmlinuz "$deb"; then
	mapfile -t parts < <(split_parts "$(dpkg-deb -f "$deb" Depends)" | tr ' ' '=')
	[[ ${#parts[@]} -gt 0 ]] || die "$package $version has no kernel image and no linux-binary- part"
	download "${parts[@]}" ||
		die "cannot download ${parts[*]}: $(grep -m 1 -E '^(E|W):' "$tmp/apt.log" || tail -n 1 "$tmp/apt.log")"
	for p in "${parts[@]}"; do debs+=("$(find "$tmp" -maxdepth 1 -name "${p%%=*}_*.deb" | head -n 1)"); done
fi
bytes=$(du -cb "${debs[@]}" | tail -n 1 | cut -f1)
log "downloaded $package $version from $suite_used: $((bytes / 1048576)) MB in $((SECONDS - start)) s"
unpack "${debs[@]}"
for f in "${debs[@]}"; do echo "$(dpkg-deb -f "$f" Package)=$(dpkg-deb -f "$f" Version)"; done >"$dest/components"
echo "suite $suite_used $mirror" >"$dest/source"
echo "$bytes" >"$dest/download-bytes"
touch "$dest/.xskns-done"
log "cached $package $version ($(cat "$dest/release")): $(du -sh "$dest" | cut -f1), $((SECONDS - start)) s"
hit "$dest"
