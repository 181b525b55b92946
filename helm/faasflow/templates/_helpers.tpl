{{/* Names. */}}
{{- define "faasflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "faasflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "faasflow.operator.fullname" -}}{{ include "faasflow.fullname" . }}-operator{{- end -}}
{{- define "faasflow.agent.fullname" -}}{{ include "faasflow.fullname" . }}-agent{{- end -}}
{{- define "faasflow.redis.fullname" -}}{{ include "faasflow.fullname" . }}-redis{{- end -}}

{{- define "faasflow.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "faasflow.operator.fullname" .) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create=false" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "faasflow.agent.serviceAccountName" -}}
{{- if .Values.agent.serviceAccount.create -}}
{{- default (include "faasflow.agent.fullname" .) .Values.agent.serviceAccount.name -}}
{{- else -}}
{{- required "agent.serviceAccount.name is required when agent.serviceAccount.create=false" .Values.agent.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Labels. app.kubernetes.io/name of agent pods is what the operator's agent selector looks for. */}}
{{- define "faasflow.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/part-of: faasflow
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "faasflow.operator.selectorLabels" -}}
app.kubernetes.io/name: faasflow-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "faasflow.agent.selectorLabels" -}}
app.kubernetes.io/name: faasflow-agent
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "faasflow.redis.selectorLabels" -}}
app.kubernetes.io/name: faasflow-redis
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: remote-store
{{- end -}}

{{/* The label selector the operator uses to find this release's agent pods. */}}
{{- define "faasflow.agent.selector" -}}
app.kubernetes.io/name=faasflow-agent,app.kubernetes.io/instance={{ .Release.Name }}
{{- end -}}

{{/* Images: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "faasflow.image" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion | toString -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}

{{/* FaaStore's remote tier: exactly one of redis.enabled, redis.externalUrl, redis.externalUrlSecret. */}}
{{- define "faasflow.redis.validate" -}}
{{- $external := or .Values.redis.externalUrl .Values.redis.externalUrlSecret.name -}}
{{- if and .Values.redis.enabled $external -}}
{{- fail "redis: set either redis.enabled=true or redis.externalUrl / redis.externalUrlSecret.name (with redis.enabled=false), not both" -}}
{{- end -}}
{{- if and (not .Values.redis.enabled) (not $external) -}}
{{- fail "redis: FaaStore's remote tier is required: keep redis.enabled=true or set redis.externalUrl (or redis.externalUrlSecret.name)" -}}
{{- end -}}
{{- end -}}

{{/* The FAASFLOW_REDIS environment variable of the operator and the agents. */}}
{{- define "faasflow.redis.env" -}}
{{- include "faasflow.redis.validate" . -}}
{{- if and .Values.redis.enabled .Values.redis.auth.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "faasflow.redis.authSecretName" . }}
      key: password
{{- end }}
- name: FAASFLOW_REDIS
{{- if and .Values.redis.enabled .Values.redis.auth.enabled }}
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s.%s.svc:%v" (include "faasflow.redis.fullname" .) .Release.Namespace .Values.redis.port | quote }}
{{- else if .Values.redis.enabled }}
  value: {{ printf "redis://%s.%s.svc:%v" (include "faasflow.redis.fullname" .) .Release.Namespace .Values.redis.port | quote }}
{{- else if .Values.redis.externalUrlSecret.name }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.externalUrlSecret.name }}
      key: {{ .Values.redis.externalUrlSecret.key }}
{{- else }}
  value: {{ .Values.redis.externalUrl | quote }}
{{- end }}
{{- end -}}

{{/*
A byte count as a plain whole number, or "" when unset. Numbers from a values file arrive as floats (Helm reads
268435456 as 2.68435456e+08), which the operator and the agents could not parse; --set gives whole numbers.
Usage: include "faasflow.bytes" (dict "value" .Values.x "name" "x")
*/}}
{{- define "faasflow.bytes" -}}
{{- $v := .value -}}
{{- if kindIs "invalid" $v -}}
{{- $v = "" -}}
{{- else if kindIs "float64" $v -}}
{{- if ne $v (float64 (int64 $v)) -}}
{{- fail (printf "%s must be a whole number of bytes, got %v" .name $v) -}}
{{- end -}}
{{- $v = int64 $v -}}
{{- end -}}
{{- $s := toString $v | trim -}}
{{- if and $s (not (regexMatch "^[0-9]+$" $s)) -}}
{{- fail (printf "%s must be a whole number of bytes (e.g. 268435456) or empty, got %q" .name $s) -}}
{{- end -}}
{{- $s -}}
{{- end -}}

{{/* The default modes, checked here so that a typo fails the install instead of the operator's start. */}}
{{- define "faasflow.controlMode" -}}
{{- $m := .Values.defaults.controlMode | toString | trim -}}
{{- if not (has $m (list "WorkerSP" "MasterSP")) -}}
{{- fail (printf "defaults.controlMode must be WorkerSP or MasterSP, got %q" $m) -}}
{{- end -}}
{{- $m -}}
{{- end -}}

{{- define "faasflow.dataMode" -}}
{{- $m := .Values.defaults.dataMode | toString | trim -}}
{{- if not (has $m (list "optimized" "raw")) -}}
{{- fail (printf "defaults.dataMode must be optimized or raw, got %q" $m) -}}
{{- end -}}
{{- $m -}}
{{- end -}}

{{/* The Secret that holds the cluster key, and the variable that hands it to the operator and the agents. */}}
{{/* The Secret holding the bundled Redis's password (data key "password"). */}}
{{- define "faasflow.redis.authSecretName" -}}
{{- .Values.redis.auth.existingSecret | default (printf "%s-redis-auth" (include "faasflow.fullname" .)) -}}
{{- end -}}

{{/* gateway.authentication, checked: kubernetes or none. */}}
{{- define "faasflow.gateway.authentication" -}}
{{- $a := .Values.gateway.authentication | toString | lower -}}
{{- if not (has $a (list "kubernetes" "none")) -}}
{{- fail (printf "gateway.authentication must be kubernetes or none, got %q" .Values.gateway.authentication) -}}
{{- end -}}
{{- $a -}}
{{- end -}}

{{- define "faasflow.clusterKey.secretName" -}}
{{- .Values.clusterKey.existingSecret | default (printf "%s-cluster-key" (include "faasflow.fullname" .)) -}}
{{- end -}}

{{- define "faasflow.clusterKey.env" -}}
- name: FAASFLOW_CLUSTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "faasflow.clusterKey.secretName" . }}
      key: key
{{- end -}}
