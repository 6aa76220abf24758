#!/usr/bin/env bash
# A city's signed apt repository for the tongban package: two channels, pilot (a few halls
# first) and stable (every hall), each a suite of its own, signed with the city's key.
#
#   deb/apt_repo.sh key REPO "Xuhui IT <it@example.invalid>"
#       make the signing key (in $GNUPGHOME) and put its public half in
#       REPO/tongban-archive-keyring.gpg, the file clients name with `Signed-By`
#   deb/apt_repo.sh publish REPO CHANNEL [PACKAGE.deb ...]
#       add the packages to CHANNEL (pilot or stable) and sign its index again
#   deb/apt_repo.sh promote REPO VERSION
#       the pilot's package VERSION goes to stable, byte for byte
#
# The key signing is TONGBAN_REPO_KEY (a fingerprint or user id; default: the only secret
# key in $GNUPGHOME). Serve REPO read-only over http(s): apt trusts the signature of
# InRelease / Release.gpg, not the transport. Steps: docs/operations.md "Package repository".
set -euo pipefail

CHANNELS=(pilot stable)
KEYRING=tongban-archive-keyring.gpg

die() {
  printf 'apt_repo: %s\n' "$*" >&2
  exit 2
}

check_channel() {
  local c
  for c in "${CHANNELS[@]}"; do [ "$1" = "$c" ] && return 0; done
  die "unknown channel '$1' (${CHANNELS[*]})"
}

signing_key() {
  if [ -n "${TONGBAN_REPO_KEY:-}" ]; then
    echo "$TONGBAN_REPO_KEY"
    return
  fi
  local keys
  keys=$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" {print $10; exit}')
  [ -n "$keys" ] || die "no secret key in ${GNUPGHOME:-~/.gnupg}: run '$0 key REPO NAME' first"
  echo "$keys"
}

cmd_key() {
  local repo=$1 uid=$2
  mkdir -p "$repo"
  # No passphrase: the repository is signed by a script on the publishing machine. Keep that
  # machine's $GNUPGHOME offline-backed-up; a lost key means every client must be re-keyed.
  # rsa3072: what every gpgv that a 信创 system's apt uses can check.
  gpg --batch --pinentry-mode loopback --passphrase '' \
    --quick-generate-key "$uid" "${TONGBAN_REPO_KEY_ALGO:-rsa3072}" sign 5y
  gpg --batch --yes --export "$uid" >"$repo/$KEYRING"
  echo "public key: $repo/$KEYRING (install it on each terminal as /usr/share/keyrings/$KEYRING)"
}

index() {
  # Packages and a signed Release for one channel, from the .deb files in its pool.
  local repo=$1 channel=$2 arch dir key
  key=$(signing_key)
  for arch in $(find "$repo/pool/$channel" -name '*.deb' -printf '%f\n' |
    sed -E 's/.*_([a-z0-9]+)\.deb$/\1/' | sort -u); do
    dir="$repo/dists/$channel/main/binary-$arch"
    mkdir -p "$dir"
    (cd "$repo" && apt-ftparchive --arch "$arch" packages "pool/$channel") >"$dir/Packages"
    gzip -9nc "$dir/Packages" >"$dir/Packages.gz"
  done
  local archs
  archs=$(find "$repo/dists/$channel/main" -maxdepth 1 -name 'binary-*' -printf '%f\n' |
    sed 's/^binary-//' | sort | tr '\n' ' ')
  rm -f "$repo/dists/$channel/"{Release,InRelease,Release.gpg}
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin="Tongban" \
    -o APT::FTPArchive::Release::Label="Tongban Terminal" \
    -o APT::FTPArchive::Release::Suite="$channel" \
    -o APT::FTPArchive::Release::Codename="$channel" \
    -o APT::FTPArchive::Release::Components="main" \
    -o APT::FTPArchive::Release::Architectures="${archs% }" \
    release "$repo/dists/$channel" >"$repo/dists/$channel/Release.new"
  mv "$repo/dists/$channel/Release.new" "$repo/dists/$channel/Release"
  gpg --batch --yes --local-user "$key" --clearsign \
    -o "$repo/dists/$channel/InRelease" "$repo/dists/$channel/Release"
  gpg --batch --yes --local-user "$key" --armor --detach-sign \
    -o "$repo/dists/$channel/Release.gpg" "$repo/dists/$channel/Release"
  echo "signed: $repo/dists/$channel/InRelease"
}

cmd_publish() {
  local repo=$1 channel=$2 deb
  shift 2
  check_channel "$channel"
  mkdir -p "$repo/pool/$channel"
  for deb in "$@"; do
    dpkg-deb --field "$deb" Package >/dev/null || die "$deb is not a Debian package"
    cp -- "$deb" "$repo/pool/$channel/"
  done
  index "$repo" "$channel"
}

cmd_promote() {
  local repo=$1 version=$2 found
  found=$(find "$repo/pool/pilot" -name "tongban_${version}_*.deb" | sort)
  [ -n "$found" ] || die "no tongban $version in the pilot channel"
  # shellcheck disable=SC2086 # one word per file; package file names have no spaces
  cmd_publish "$repo" stable $found
}

cmd=${1:-}
case "$cmd" in
key) [ $# -eq 3 ] || die "usage: $0 key REPO 'NAME <EMAIL>'"; cmd_key "$2" "$3" ;;
publish) [ $# -ge 3 ] || die "usage: $0 publish REPO CHANNEL [PACKAGE.deb ...]"; cmd_publish "${@:2}" ;;
promote) [ $# -eq 3 ] || die "usage: $0 promote REPO VERSION"; cmd_promote "$2" "$3" ;;
*) sed -n '2,16p' "$0"; exit 2 ;;
esac
