#!/usr/bin/env bash
# Builds a LocalStack TEST FIXTURE image on a machine whose Docker reaches no image registry, for
# running the katas' `localstack` backend in CI:
#   aws-basics-dojo/localstack-test-fixture:<localstack version>-<content hash>
# It is NOT LocalStack's image and is never pushed anywhere: learners and teams use the official,
# pinned localstack/localstack image (the backend's default). This one is made from public
# packages only: a minimal Debian 13 with Python 3.13 (debootstrap, from Debian's package mirror),
# localstack-core from PyPI in a venv (scripts/localstack-fixture/requirements.txt: the community
# release and only what the kata services need), imported into Docker, then given the runtime
# settings of scripts/localstack-fixture/Dockerfile (gateway on 0.0.0.0:4566, prints "Ready.",
# the line @testcontainers/localstack waits for).
#
# Use it with:
#   KATA_BACKEND=localstack KATA_LOCALSTACK_IMAGE=$(bash scripts/localstack-fixture-image.sh) npm test katas
#
# Idempotent: the tag carries a hash of this script, the requirements and the Dockerfile, so an
# image of that name is reused, and any change to them builds a new one. Prints the image name as
# its last line (stdout); progress goes to stderr. Needs root (debootstrap, chroot), docker,
# debootstrap, and PyPI reachable from this machine (through the pip settings in its environment).
set -euo pipefail

# Debian 13: its Python 3.13 is the one the official image runs. localstack-core 4.14.0 declares
# Python >= 3.10 but uses 3.12 syntax (its S3 store does not parse on bookworm's 3.11).
SUITE=trixie
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)
fixture_dir="$here/localstack-fixture"
requirements="$fixture_dir/requirements.txt"
dockerfile="$fixture_dir/Dockerfile"
venv=/opt/code/localstack/.venv

fail() {
  echo "localstack-fixture-image: $*" >&2
  exit 1
}
say() {
  echo "localstack-fixture-image: $*" >&2
}

if [ ! -f "$requirements" ] || [ ! -f "$dockerfile" ]; then fail "$fixture_dir must hold requirements.txt and Dockerfile. / $fixture_dir に requirements.txt と Dockerfile が必要です。"; fi
version=$(sed -n 's/^localstack-core\(\[[^]]*\]\)\?==\([0-9.]*\)$/\2/p' "$requirements")
[ -n "$version" ] || fail "$requirements pins no localstack-core version (a line localstack-core[...]==X.Y.Z). / $requirements に localstack-core のバージョン指定がありません。"
hash=$( (echo "$SUITE"; cat "$0" "$requirements" "$dockerfile") | sha256sum | cut -c1-12)
image="aws-basics-dojo/localstack-test-fixture:$version-$hash"
base="aws-basics-dojo/localstack-test-fixture-base:$version-$hash"

command -v docker >/dev/null || fail "docker is not installed. Install Docker (Debian: apt-get install docker.io) and start it. / docker がありません。Docker を入れて(Debian: apt-get install docker.io)起動してください。"
engine=${DOCKER_HOST:-the local socket}
docker info >/dev/null 2>&1 || fail "the Docker engine at $engine does not answer (docker info failed). Start dockerd, or set DOCKER_HOST to one that runs. / $engine の Docker エンジンが応答しません(docker info が失敗)。dockerd を起動するか、動いているエンジンを DOCKER_HOST に設定してください。"

if docker image inspect "$image" >/dev/null 2>&1; then
  say "$image already exists; reusing it."
  echo "$image"
  exit 0
fi

# The tiny last step: the runtime settings on top of the imported root filesystem. No context is
# sent (the Dockerfile copies nothing), and FROM names a local image, so nothing is pulled.
build_runtime_image() {
  say "building $image from $base with $dockerfile"
  local said
  said=$(docker build --build-arg "BASE=$base" -t "$image" - <"$dockerfile" 2>&1) || fail "$said
docker build of $image failed (output above). / $image の docker build が失敗しました(上の出力を参照)。"
  echo "$image"
}

if docker image inspect "$base" >/dev/null 2>&1; then
  say "$base already exists; adding the runtime settings only."
  build_runtime_image
  exit 0
fi

command -v debootstrap >/dev/null || fail "debootstrap is not installed (Debian: apt-get install debootstrap). / debootstrap がありません(Debian: apt-get install debootstrap)。"
[ "$(id -u)" = 0 ] || fail "run as root: debootstrap and chroot need it. / debootstrap と chroot のため root で実行してください。"

root=$(mktemp -d "${TMPDIR:-/tmp}/dojo-localstack-fixture.XXXXXX")
trap 'rm -rf "$root" "$root.log"' EXIT

say "debootstrap $SUITE (minbase, python3) into $root from $MIRROR"
# Its log is long; shown only when it fails.
if ! debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1; then
  tail -n 30 "$root.log" >&2
  fail "debootstrap failed (see above). It downloads Debian packages from $MIRROR: check the network, or set DEBIAN_MIRROR. / debootstrap が失敗しました(上を参照)。$MIRROR から Debian パッケージを取得します。ネットワークを確かめるか DEBIAN_MIRROR を設定してください。"
fi
rm -f "$root.log"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

# pip inside the root reaches PyPI as this machine does: its local certificate authorities (a
# company proxy that inspects TLS, say) and its pip and proxy settings.
local_cas=/usr/local/share/ca-certificates
if compgen -G "$local_cas/*.crt" >/dev/null; then
  say "adding this machine's local CA certificates ($local_cas)"
  mkdir -p "$root$local_cas"
  cp "$local_cas"/*.crt "$root$local_cas/"
fi
passed_env=()
for name in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_DEFAULT_TIMEOUT HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
  if [ -n "${!name:-}" ]; then passed_env+=("$name=${!name}"); fi
done
in_chroot() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 "${passed_env[@]}" "$@"
}
said=$(in_chroot update-ca-certificates 2>&1) || fail "$said
update-ca-certificates failed inside the Debian $SUITE root. / Debian $SUITE の中で update-ca-certificates が失敗しました。"

say "installing localstack-core $version into $venv ($(in_chroot python3 --version)), from PyPI"
in_chroot python3 -m venv "$venv" || fail "python3 -m venv failed inside the Debian $SUITE root. / Debian $SUITE の中で python3 -m venv が失敗しました。"
cp "$requirements" "$root/tmp/requirements.txt"
# --only-binary: every pin has a wheel, so nothing is compiled (and no compiler is needed).
in_chroot "$venv/bin/pip" install --only-binary=:all: -r /tmp/requirements.txt >&2 ||
  fail "pip could not install $requirements inside the Debian $SUITE root (its output is above). Check that PyPI is reachable from this machine (or that PIP_INDEX_URL names a mirror). / Debian $SUITE の中で pip が $requirements をインストールできませんでした(出力は上)。このマシンから PyPI に届くか(または PIP_INDEX_URL のミラー)を確かめてください。"
rm -f "$root/tmp/requirements.txt"

# As the official image does at build time: the index of AWS service specs, so that the runtime
# does not build it at every start. OVERRIDE_IN_DOCKER: write it where the runtime in a container
# looks (/usr/lib/localstack), though this runs in a chroot.
mkdir -p "$root/usr/lib/localstack" "$root/var/lib/localstack"
in_chroot OVERRIDE_IN_DOCKER=1 "$venv/bin/python" -m localstack.aws.spec >&2 ||
  fail "building LocalStack's service catalog failed inside the Debian $SUITE root (output above). / Debian $SUITE の中で LocalStack のサービスカタログの作成が失敗しました(出力は上)。"
in_chroot "$venv/bin/python" -c 'import localstack.runtime.main' ||
  fail "localstack.runtime.main does not import inside the Debian $SUITE root (output above). / Debian $SUITE の中で localstack.runtime.main を import できません(出力は上)。"
rm -rf "$root/root/.cache"
# The image gets Docker's resolv.conf at run time; this machine's is no part of it.
: >"$root/etc/resolv.conf"

say "importing $base"
tar -C "$root" -c . | docker import \
  -m "aws-basics-dojo TEST FIXTURE (not a LocalStack image): Debian $SUITE minbase + localstack-core $version from PyPI, made by scripts/localstack-fixture-image.sh" \
  - "$base" >/dev/null
build_runtime_image
