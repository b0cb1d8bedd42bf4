#!/usr/bin/env bash
# Makes a Node base image for the sample container on a machine whose Docker reaches no image
# registry: a minimal Debian (debootstrap, from Debian's package mirror) with THIS machine's Node
# and npm copied into /usr/local, imported into Docker as
#   aws-basics-dojo/node-base:<node version>
# It is the dojo's own stand-in for an official node image, made on this machine; it is never
# pushed anywhere. Use it with: KATA_DOCKER_BASE_IMAGE=<the printed name> npm test
#
# The image trusts what this machine trusts: the certificate authorities added locally in
# /usr/local/share/ca-certificates (a company proxy that inspects TLS, say) are installed into it,
# and Node reads the system bundle (NODE_EXTRA_CA_CERTS), so `RUN npm ci` in a build works
# wherever `npm ci` works on the host.
#
# Debian's own nodejs package is 18, older than the AWS SDK's engines (node >= 20), hence the
# host's Node. Idempotent: an image of that name already present is reused. Prints the image
# name as its last line. Needs root (debootstrap, chroot), docker and debootstrap.
set -euo pipefail

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

fail() {
  echo "docker-base-image: $*" >&2
  exit 1
}

command -v docker >/dev/null || fail "docker is not installed. Install Docker (Debian: apt-get install docker.io) and start it. / docker がありません。Docker を入れて(Debian: apt-get install docker.io)起動してください。"
node_bin=$(readlink -f "$(command -v node)") || fail "node is not on PATH. / PATH に node がありません。"
node_version=$(node --version)
image="aws-basics-dojo/node-base:${node_version#v}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "docker-base-image: $image already exists; reusing it." >&2
  echo "$image"
  exit 0
fi

command -v debootstrap >/dev/null || fail "debootstrap is not installed (Debian: apt-get install debootstrap). / debootstrap がありません(Debian: apt-get install debootstrap)。"
[ "$(id -u)" = 0 ] || fail "run as root: debootstrap and chroot need it. / debootstrap と chroot のため root で実行してください。"

prefix=$(dirname "$node_bin")/..
npm_dir="$prefix/lib/node_modules/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || fail "npm was not found beside node at $npm_dir; this script copies the npm that comes with the running Node. / node の隣 $npm_dir に npm が見つかりません。"

root=$(mktemp -d "${TMPDIR:-/tmp}/dojo-node-base.XXXXXX")
trap 'rm -rf "$root" "$root.log"' EXIT

echo "docker-base-image: debootstrap $SUITE (minbase) into $root from $MIRROR" >&2
# Its log is long; shown only when it fails.
if ! debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1; then
  tail -n 30 "$root.log" >&2
  rm -f "$root.log"
  fail "debootstrap failed (see above). It downloads Debian packages from $MIRROR: check the network, or set DEBIAN_MIRROR. / debootstrap が失敗しました(上を参照)。$MIRROR から Debian パッケージを取得します。ネットワークを確かめるか DEBIAN_MIRROR を設定してください。"
fi
rm -f "$root.log"
# debootstrap's package cache is not part of an image.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

echo "docker-base-image: copying Node $node_version ($node_bin) and npm $(npm --version) into /usr/local" >&2
mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules"
cp "$node_bin" "$root/usr/local/bin/node"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

local_cas=/usr/local/share/ca-certificates
if compgen -G "$local_cas/*.crt" >/dev/null; then
  echo "docker-base-image: adding this machine's local CA certificates ($local_cas)" >&2
  mkdir -p "$root$local_cas"
  cp "$local_cas"/*.crt "$root$local_cas/"
fi

in_chroot() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
}
said=$(in_chroot update-ca-certificates 2>&1) || fail "$said
update-ca-certificates failed inside the Debian $SUITE root. / Debian $SUITE の中で update-ca-certificates が失敗しました。"
in_chroot node --version >/dev/null || fail "the copied node does not run inside the Debian $SUITE root (a library it needs is missing). / コピーした node が Debian $SUITE の中で動きません。"
in_chroot npm --version >/dev/null || fail "the copied npm does not run inside the Debian $SUITE root. / コピーした npm が Debian $SUITE の中で動きません。"
rm -rf "$root/root/.npm"

echo "docker-base-image: importing $image" >&2
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'CMD ["node"]' \
  -m "aws-basics-dojo: Debian $SUITE minbase + the host's Node $node_version, made by scripts/docker-base-image.sh" \
  - "$image" >/dev/null
echo "$image"
