#!/usr/bin/env bash
# Builds the four services as native executables and, with a container runtime, their images (JVM and native).
#
#   scripts/build-native.sh                       native executables only (<module>/target/*-runner)
#   scripts/build-native.sh REGISTRY/REPO TAG     and the images REGISTRY/REPO/<service>:TAG and :TAG-native,
#                                                 the names the chart in k8s/ expects (image.registry/repository/tag)
#
# Needs one of: native-image on the PATH or under GRAALVM_HOME (Mandrel or GraalVM for JDK 25), or docker/podman, in
# which case native-image runs inside Quarkus's Mandrel builder image. Building images needs docker or podman.
# The development machines of this project have neither, so this script is not run by .ci/run; .ci/run does run
# every Quarkus native build step short of native-image itself (-Dnative -Dquarkus.native.sources-only=true).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
SERVICES=(lock-service discovery-service storage-service wopi-api-service)
BUILDER_IMAGE=${BUILDER_IMAGE:-quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25}
IMAGE_BASE=${1:-}
TAG=${2:-}
[ -z "$IMAGE_BASE" ] || [ -n "$TAG" ] || die "usage: $0 [REGISTRY/REPO TAG]"
[ "$TAG" != latest ] || die "use an immutable tag, not latest (the chart refuses it)"

runtime=""
for candidate in docker podman; do
    if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then runtime=$candidate; break; fi
done

native_image=""
if command -v native-image >/dev/null; then
    native_image=$(command -v native-image)
elif [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ]; then
    native_image="$GRAALVM_HOME/bin/native-image"
fi

modules=$(IFS=,; echo "${SERVICES[*]}")
cd "$ROOT"
if [ -n "$native_image" ]; then
    echo "native-image: $native_image"
    ./mvnw -B package -Dnative -DskipTests -pl "$modules" -am
elif [ -n "$runtime" ]; then
    echo "no native-image here: building inside $BUILDER_IMAGE with $runtime"
    ./mvnw -B package -Dnative -DskipTests -pl "$modules" -am \
        -Dquarkus.native.container-build=true -Dquarkus.native.container-runtime="$runtime" \
        -Dquarkus.native.builder-image="$BUILDER_IMAGE"
else
    die "neither native-image (Mandrel or GraalVM for JDK 25: set GRAALVM_HOME or put it on the PATH) nor a running docker/podman found"
fi

for svc in "${SERVICES[@]}"; do
    ls "$svc"/target/*-runner >/dev/null 2>&1 || die "$svc: no native executable in $svc/target"
done
echo "native executables: $(ls "${SERVICES[@]/%//target/*-runner}" | tr '\n' ' ')"

[ -n "$IMAGE_BASE" ] || exit 0
[ -n "$runtime" ] || die "building images needs docker or podman"
for svc in "${SERVICES[@]}"; do
    "$runtime" build -f "$svc/src/main/docker/Dockerfile.jvm" -t "$IMAGE_BASE/$svc:$TAG" "$svc"
    "$runtime" build -f "$svc/src/main/docker/Dockerfile.native-micro" -t "$IMAGE_BASE/$svc:$TAG-native" "$svc"
done
echo "images: $IMAGE_BASE/<service>:$TAG (JVM) and :$TAG-native, for ${SERVICES[*]}"
