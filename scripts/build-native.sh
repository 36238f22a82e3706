#!/usr/bin/env bash
# Builds the four services as native executables (<module>/target/<module>-<version>-runner) and, with a container
# runtime and a registry named, their images (JVM and native).
#
#   scripts/build-native.sh                       native executables only
#   scripts/build-native.sh REGISTRY/REPO TAG     and the images REGISTRY/REPO/<service>:TAG and :TAG-native,
#                                                 the names the chart in k8s/ expects (image.registry/repository/tag)
#
# The native-image toolchain, first found wins:
#   1. native-image on the PATH, or GRAALVM_HOME/bin/native-image (Mandrel or GraalVM for JDK 25): real releases;
#   2. a running docker or podman: native-image inside Quarkus's Mandrel builder image (BUILDER_IMAGE): real releases;
#   3. the toolchain assembled on this machine from Maven Central and the GraalVM sources in
#      ../shared/native-toolchain (setup.sh), kept in NATIVE_WORK (default ~/.cache/native-toolchain) and assembled
#      the first time (~5 minutes). Its executables link that home's copies of Temurin's shared JDK libraries, so they
#      run only where that home is: for building and testing here, never for images.
# Every executable built is also kept in NATIVE_WORK/executables under a digest of everything it is built from (its
# module's sources and pom, wopi-common's, the root pom, the toolchain's home and version): the same inputs again
# take the kept one instead of 4 to 8 minutes of native-image. An executable in target/ newer than its sources is
# kept as it is. NATIVE_CACHE=0 builds all four regardless.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BUILDER_IMAGE=${BUILDER_IMAGE:-quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25}
NATIVE_WORK=${NATIVE_WORK:-$HOME/.cache/native-toolchain}
NATIVE_CACHE=${NATIVE_CACHE:-1}
TOOLCHAIN_SETUP=${TOOLCHAIN_SETUP:-$ROOT/../shared/native-toolchain/setup.sh}
IMAGE_BASE=${1:-}
TAG=${2:-}
[ -z "$IMAGE_BASE" ] || [ -n "$TAG" ] || die "usage: $0 [REGISTRY/REPO TAG]"
[ "$TAG" != latest ] || die "use an immutable tag, not latest (the chart refuses it)"

runtime=""
for candidate in docker podman; do
    if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then runtime=$candidate; break; fi
done

assembled="$NATIVE_WORK/graalvm-home"
native_image=""
maven_toolchain=()
if command -v native-image >/dev/null; then
    native_image=$(command -v native-image)
    echo "toolchain: native-image on the PATH ($native_image)"
elif [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ]; then
    native_image="$GRAALVM_HOME/bin/native-image"
    echo "toolchain: GRAALVM_HOME ($GRAALVM_HOME)"
elif [ -n "$runtime" ]; then
    echo "toolchain: $BUILDER_IMAGE through $runtime"
    maven_toolchain=(-Dquarkus.native.container-build=true -Dquarkus.native.container-runtime="$runtime"
                     -Dquarkus.native.builder-image="$BUILDER_IMAGE")
else
    if [ ! -x "$assembled/bin/native-image" ]; then
        [ -f "$TOOLCHAIN_SETUP" ] || die "no native-image toolchain: none on the PATH or under GRAALVM_HOME, no running docker/podman, and no $TOOLCHAIN_SETUP to assemble one"
        echo "toolchain: assembling one in $assembled with $TOOLCHAIN_SETUP (once, ~5 minutes; log: $NATIVE_WORK/setup.log)"
        mkdir -p "$NATIVE_WORK"
        # SKIP_TEST: its hello-world check costs 2.5 minutes; the services built next check it anyway.
        NATIVE_WORK="$NATIVE_WORK" SKIP_TEST=1 bash "$TOOLCHAIN_SETUP" "$assembled" > "$NATIVE_WORK/setup.log" 2>&1 \
            || { tail -n 30 "$NATIVE_WORK/setup.log" >&2; die "assembling the toolchain failed; see $NATIVE_WORK/setup.log"; }
    fi
    native_image="$assembled/bin/native-image"
    echo "toolchain: assembled here from Maven Central and ../shared/native-toolchain ($assembled); executables need that home at run time"
fi
if [ -n "$native_image" ]; then
    export GRAALVM_HOME
    GRAALVM_HOME=$(dirname "$(dirname "$(readlink -f "$native_image")")")
    toolchain_id=$("$native_image" --version 2>/dev/null | grep -v '^Picked up' | tr '\n' ' ')
    echo "native-image: $toolchain_id"
    # The assembled toolchain's executables load libraries from its home at run time: the home is an input too.
    toolchain_id="$GRAALVM_HOME $toolchain_id"
    if [ -n "$IMAGE_BASE" ] && [ "$GRAALVM_HOME" = "$(readlink -f "$assembled" 2>/dev/null || true)" ]; then
        die "images need executables that run on their own: a Mandrel/GraalVM or docker/podman, not the toolchain assembled here ($assembled)"
    fi
else
    toolchain_id="container:$BUILDER_IMAGE"
fi

cd "$ROOT"
version=$(sed -n 's:^    <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
runner() { echo "$ROOT/$1/target/$1-$version-runner"; }
# What a service's executable is built from, besides the toolchain.
inputs() { echo "$1/src/main" "$1/pom.xml" wopi-common/src/main wopi-common/pom.xml pom.xml; }

# What an executable is built from, as one digest: the same digest, the same executable.
inputs_digest() {
    {
        echo "$toolchain_id"
        # shellcheck disable=SC2046
        find $(inputs "$1") -type f -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-32
}

# Images are built from nothing kept: only from what this run builds.
caching=false
[ "$NATIVE_CACHE" = 1 ] && [ -z "$IMAGE_BASE" ] && caching=true

to_build=()
declare -A digests
for svc in "${SERVICES[@]}"; do
    digests[$svc]=$(inputs_digest "$svc")
    kept="$NATIVE_WORK/executables/$svc-${digests[$svc]}"
    built=$(runner "$svc")
    # shellcheck disable=SC2046
    if $caching && [ -x "$built" ] && [ -z "$(find $(inputs "$svc") -newer "$built" -print -quit)" ]; then
        echo "$svc: $built is newer than its sources, kept"
    elif $caching && [ -x "$kept" ]; then
        mkdir -p "$svc/target"
        cp "$kept" "$built"
        echo "$svc: built before from the same inputs, taken from $kept"
    else
        rm -f "$built"
        to_build+=("$svc")
    fi
done

# One Maven run for all four: the kept executables are reused (reuse-existing), the rest built; Quarkus writes each
# module's build metadata, which the native integration tests read, either way.
modules=$(IFS=,; echo "${SERVICES[*]}")
echo "native-image for: ${to_build[*]:-none (all kept)}"
start=$SECONDS
./mvnw -B package -Dnative -DskipTests -Dquarkus.native.reuse-existing=true -pl "$modules" -am \
    ${maven_toolchain[@]+"${maven_toolchain[@]}"}
echo "native build: $((SECONDS - start)) s"

for svc in "${SERVICES[@]}"; do
    [ -x "$(runner "$svc")" ] || die "$svc: no native executable at $(runner "$svc")"
    if $caching; then
        mkdir -p "$NATIVE_WORK/executables"
        # Only the newest few per service: each is 80-150 MB.
        cp "$(runner "$svc")" "$NATIVE_WORK/executables/$svc-${digests[$svc]}"
        ls -t "$NATIVE_WORK/executables/$svc-"* | tail -n +4 | xargs -r rm -f
    fi
done
echo "native executables: $(for svc in "${SERVICES[@]}"; do printf '%s ' "$(runner "$svc")"; done)"

[ -n "$IMAGE_BASE" ] || exit 0
[ -n "$runtime" ] || die "building images needs docker or podman"
for svc in "${SERVICES[@]}"; do
    "$runtime" build -f "$svc/src/main/docker/Dockerfile.jvm" -t "$IMAGE_BASE/$svc:$TAG" "$svc"
    "$runtime" build -f "$svc/src/main/docker/Dockerfile.native-micro" -t "$IMAGE_BASE/$svc:$TAG-native" "$svc"
done
echo "images: $IMAGE_BASE/<service>:$TAG (JVM) and :$TAG-native, for ${SERVICES[*]}"
