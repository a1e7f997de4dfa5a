{{/* Names */}}
{{- define "runfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "runfleet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one component's objects: <fullname>-<component>. Call with (dict "ctx" $ "component" "scheduler"). */}}
{{- define "runfleet.componentName" -}}
{{- printf "%s-%s" (include "runfleet.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "runfleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; with a component, its name as well. Call with (dict "ctx" $ "component" "...") */}}
{{- define "runfleet.labels" -}}
helm.sh/chart: {{ include "runfleet.chart" .ctx }}
{{ include "runfleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: runfleet
{{- end }}

{{- define "runfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "runfleet.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "runfleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "runfleet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag of a component; the tag defaults to the chart's appVersion. Call with (dict "ctx" $ "image" .Values.x.image) */}}
{{- define "runfleet.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag | toString) }}
{{- end }}

{{/* The Quarkus profiles: prod, and rabbitmq after it to carry every channel over the broker. */}}
{{- define "runfleet.profile" -}}
{{- if eq .Values.transport "rabbitmq" }}prod,rabbitmq{{ else }}prod{{ end }}
{{- end }}

{{- define "runfleet.zeromq" -}}
{{- if eq .Values.transport "zeromq" }}true{{ end }}
{{- end }}

{{/*
Secrets. Each group is either an existing Secret, or one the chart makes from values, or (neither given) the
chart's name for it, which the operator creates (NOTES.txt). A group given in part is refused.
*/}}
{{- define "runfleet.secretName" -}}
{{- $group := index (include "runfleet.secretGroups" .ctx | fromJson) .group }}
{{- default (printf "%s-%s" (include "runfleet.fullname" .ctx) .group) $group.existingSecret }}
{{- end }}

{{/* The values of each group that the chart would put into its Secret, by Secret key (empty when not given). */}}
{{- define "runfleet.secretValues" -}}
{{- $v := .Values }}
{{- $groups := dict }}
{{- $_ := set $groups "auth" (dict "admin-token" $v.auth.adminToken "rest-tokens" $v.auth.tokensFile) }}
{{- $_ := set $groups "curve" (dict
      "scheduler-public-key" $v.curve.scheduler.publicKey "scheduler-secret-key" $v.curve.scheduler.secretKey
      "results-public-key" $v.curve.results.publicKey "results-secret-key" $v.curve.results.secretKey
      "agent-public-key" $v.curve.agent.publicKey "agent-secret-key" $v.curve.agent.secretKey
      "authorized-keys" $v.curve.authorizedKeys) }}
{{- $_ := set $groups "postgresql" (dict $v.postgresql.auth.passwordKey $v.postgresql.auth.password) }}
{{- $_ := set $groups "rabbitmq" (dict
      "scheduler-password" $v.rabbitmq.auth.schedulerPassword "results-password" $v.rabbitmq.auth.resultsPassword
      "agent-password" $v.rabbitmq.auth.agentPassword) }}
{{- toJson $groups }}
{{- end }}

{{/* Where each group's values and existingSecret live, for messages that name the field to set. */}}
{{- define "runfleet.secretGroups" -}}
{{- $v := .Values }}
{{- toJson (dict
      "auth" (dict "existingSecret" $v.auth.existingSecret "path" "auth" "optional" (list "rest-tokens"))
      "curve" (dict "existingSecret" $v.curve.existingSecret "path" "curve" "optional" (list "authorized-keys"))
      "postgresql" (dict "existingSecret" $v.postgresql.auth.existingSecret "path" "postgresql.auth" "optional" (list))
      "rabbitmq" (dict "existingSecret" $v.rabbitmq.auth.existingSecret "path" "rabbitmq.auth" "optional" (list))) }}
{{- end }}

{{/* The groups this release needs: CurveZMQ keys over ZeroMQ, broker users over RabbitMQ. */}}
{{- define "runfleet.neededGroups" -}}
{{- if eq .Values.transport "rabbitmq" }}auth,postgresql,rabbitmq{{ else }}auth,postgresql,curve{{ end }}
{{- end }}

{{/*
"made" when the chart makes the group's Secret (values given, no existingSecret), "existing" for an existing
Secret, "missing" when nothing was given. Values given in part fail, naming what is missing.
Call with (dict "ctx" $ "group" "curve").
*/}}
{{- define "runfleet.secretSource" -}}
{{- $groups := include "runfleet.secretGroups" .ctx | fromJson }}
{{- $group := index $groups .group }}
{{- $values := index (include "runfleet.secretValues" .ctx | fromJson) .group }}
{{- if $group.existingSecret }}existing
{{- else }}
{{- $given := list }}
{{- $missing := list }}
{{- range $key := keys $values | sortAlpha }}
{{- if index $values $key }}
{{- $given = append $given $key }}
{{- else if not (has $key $group.optional) }}
{{- $missing = append $missing $key }}
{{- end }}
{{- end }}
{{- if and $given $missing }}
{{- fail (printf "%s: the Secret keys %s are given but %s are not; set them all under %s, or name a Secret that holds them in %s.existingSecret" .group (join ", " $given) (join ", " $missing) $group.path $group.path) }}
{{- else if $given }}made
{{- else }}missing
{{- end }}
{{- end }}
{{- end }}

{{/* Both HTTP services: listen on the pod's interfaces (bearer tokens stay required), the admin token from its Secret. */}}
{{- define "runfleet.httpEnv" -}}
- name: QUARKUS_HTTP_HOST
  value: 0.0.0.0
- name: QUARKUS_HTTP_PORT
  value: {{ .port | quote }}
- name: RUNFLEET_DATA_DIR
  value: /var/lib/runfleet
- name: RUNFLEET_SECURITY_AUTH_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "runfleet.secretName" (dict "ctx" .ctx "group" "auth") }}
      key: admin-token
{{- end }}

{{- define "runfleet.databaseEnv" -}}
{{- $pg := .Values.postgresql -}}
- name: RUNFLEET_DB_URL
  value: {{ printf "jdbc:postgresql://%s:%v/%s%s" (required "postgresql.host: set the host name of the PostgreSQL server (docs/deploy-kubernetes.md, \"External PostgreSQL\")" $pg.host) $pg.port $pg.database (ternary (printf "?%s" $pg.jdbcParameters) "" (ne $pg.jdbcParameters "")) | quote }}
- name: RUNFLEET_DB_USER
  value: {{ $pg.auth.username | quote }}
- name: RUNFLEET_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "runfleet.secretName" (dict "ctx" . "group" "postgresql") }}
      key: {{ $pg.auth.passwordKey }}
{{- end }}

{{/* The transport of one process. Call with (dict "ctx" $ "role" "scheduler"). */}}
{{- define "runfleet.transportEnv" -}}
- name: QUARKUS_PROFILE
  value: {{ include "runfleet.profile" .ctx | quote }}
{{- if eq .ctx.Values.transport "rabbitmq" }}
{{- $mq := .ctx.Values.rabbitmq }}
- name: RABBITMQ_HOST
  value: {{ required "rabbitmq.host: set the host name of the RabbitMQ broker, or choose transport=zeromq (docs/deploy-kubernetes.md, \"External RabbitMQ\")" $mq.host | quote }}
- name: RABBITMQ_PORT
  value: {{ $mq.port | quote }}
- name: RABBITMQ_VIRTUAL_HOST
  value: {{ $mq.virtualHost | quote }}
{{- if $mq.tls }}
- name: RABBITMQ_SSL
  value: "true"
{{- end }}
- name: RABBITMQ_USERNAME
  value: {{ index $mq.auth (printf "%sUsername" .role) | quote }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "runfleet.secretName" (dict "ctx" .ctx "group" "rabbitmq") }}
      key: {{ printf "%s-password" .role }}
{{- end }}
{{- end }}

{{/* One CurveZMQ key from the curve Secret into an environment variable. Call with (dict "ctx" $ "name" "..." "key" "...") */}}
{{- define "runfleet.curveKeyEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "runfleet.secretName" (dict "ctx" .ctx "group" "curve") }}
      key: {{ .key }}
{{- end }}

{{/*
The services' init container: the secret files are mounted readable by the pod's group, but Runfleet refuses a
key or tokens file that others than its owner may read (docs/security.md). So this copies them into the data
directory (an emptyDir) as owner-only files, written by the service's own user. Over ZeroMQ it writes the
service's key pair (<identity>.key) and authorized-keys: the agents' public key with role agent, then any
further lines of the Secret. Call with (dict "ctx" $ "identity" "scheduler" "image" .Values.scheduler.image).
*/}}
{{- define "runfleet.secretFilesInit" -}}
- name: secret-files
  image: {{ include "runfleet.image" (dict "ctx" .ctx "image" .image) | quote }}
  imagePullPolicy: {{ .image.pullPolicy }}
  securityContext:
    {{- toYaml .ctx.Values.containerSecurityContext | nindent 4 }}
  command:
    - sh
    - -ec
    - |
      umask 077
      mkdir -p /var/lib/runfleet/security
      if [ -f /run/runfleet/auth/rest-tokens ]; then
        cat /run/runfleet/auth/rest-tokens > /var/lib/runfleet/security/rest-tokens
      fi
      {{- if include "runfleet.zeromq" .ctx }}
      keys=/run/runfleet/curve
      curve=/var/lib/runfleet/security/curve
      mkdir -p "$curve"
      printf 'public-key=%s\nsecret-key=%s\n' "$(cat "$keys/{{ .identity }}-public-key")" "$(cat "$keys/{{ .identity }}-secret-key")" > "$curve/{{ .identity }}.key"
      printf 'agent %s agents of this release\n' "$(cat "$keys/agent-public-key")" > "$curve/authorized-keys"
      if [ -f "$keys/authorized-keys" ]; then
        cat "$keys/authorized-keys" >> "$curve/authorized-keys"
      fi
      {{- end }}
  resources:
    requests:
      cpu: 10m
      memory: 16Mi
    limits:
      cpu: 100m
      memory: 64Mi
  volumeMounts:
    - name: data
      mountPath: /var/lib/runfleet
    - name: auth
      mountPath: /run/runfleet/auth
      readOnly: true
    {{- if include "runfleet.zeromq" .ctx }}
    - name: curve
      mountPath: /run/runfleet/curve
      readOnly: true
    {{- end }}
{{- end }}

{{/* The services' volumes: writable emptyDirs for /tmp and the data directory, the secret files for the init container. */}}
{{- define "runfleet.serviceVolumes" -}}
- name: tmp
  emptyDir: {}
- name: data
  emptyDir: {}
- name: auth
  secret:
    secretName: {{ include "runfleet.secretName" (dict "ctx" . "group" "auth") }}
    defaultMode: 288  # 0440: the pod's group reads, the init container copies
{{- if include "runfleet.zeromq" . }}
- name: curve
  secret:
    secretName: {{ include "runfleet.secretName" (dict "ctx" . "group" "curve") }}
    defaultMode: 288  # 0440: the pod's group reads, the init container copies
{{- end }}
{{- end }}

{{- define "runfleet.serviceVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/runfleet
{{- end }}

{{/* Probes on the services' health routes (open without a token). Call with (dict "port" "http"). */}}
{{- define "runfleet.probes" -}}
startupProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 5
  failureThreshold: 3
{{- end }}

{{/* A checksum of the Secrets the chart makes, so that pods restart when a value changes. */}}
{{- define "runfleet.secretsChecksum" -}}
checksum/secrets: {{ include (print .Template.BasePath "/secrets.yaml") . | sha256sum }}
{{- end }}
