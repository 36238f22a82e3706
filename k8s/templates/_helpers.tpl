{{/* The name of one service's objects: <release>-<service>, at most 63 characters. */}}
{{- define "openwopi.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object of one service. */}}
{{- define "openwopi.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: openwopi
app.kubernetes.io/version: {{ .root.Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* What selects one service's pods (never changes across upgrades). */}}
{{- define "openwopi.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The image of one service: an immutable tag, "-native" for the native flavour. */}}
{{- define "openwopi.image" -}}
{{- $img := .root.Values.image -}}
{{- if or (not $img.tag) (eq (toString $img.tag) "latest") -}}
{{- fail "image.tag must be an immutable version, not empty or \"latest\"" -}}
{{- end -}}
{{- $suffix := ternary "-native" "" (eq $img.flavor "native") -}}
{{- printf "%s/%s/%s:%s%s" $img.registry $img.repository .name (toString $img.tag) $suffix -}}
{{- end -}}

{{/* The base URL another service of the release answers on, inside the cluster. */}}
{{- define "openwopi.url" -}}
{{- $svc := index .root.Values.services .name -}}
{{- printf "http://%s:%v" (include "openwopi.fullname" .) $svc.port -}}
{{- end -}}

{{/* Whether a service has an autoscaler (discovery-service never has one: it is light and holds a schedule). */}}
{{- define "openwopi.autoscaled" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if and $svc.autoscaling $svc.autoscaling.enabled (ne .name "discovery-service") -}}true{{- end -}}
{{- end -}}

{{/* The PersistentVolumeClaim of the filesystem blob store. */}}
{{- define "openwopi.blobClaim" -}}
{{- .Values.objectStore.filesystem.existingClaim | default (printf "%s-blobs" (include "openwopi.fullname" (dict "root" . "name" "storage-service"))) -}}
{{- end -}}

{{/* Redis settings shared by lock-service and discovery-service. */}}
{{- define "openwopi.redisConfig" -}}
quarkus.redis.client-type={{ .Values.redis.mode }}
quarkus.redis.hosts={{ join "," .Values.redis.hosts }}
{{- if eq .Values.redis.mode "sentinel" }}
quarkus.redis.master-name={{ .Values.redis.masterName }}
{{- end }}
{{- end -}}

{{/* The Redis password as an environment variable, from its Secret. */}}
{{- define "openwopi.redisEnv" -}}
{{- if .Values.redis.existingSecret }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.passwordKey }}
{{- end }}
{{- end -}}

{{/* Extra application properties of one service, from services.<name>.config. */}}
{{- define "openwopi.extraConfig" -}}
{{- range $key, $value := .config }}
{{ $key }}={{ $value }}
{{- end }}
{{- end -}}
