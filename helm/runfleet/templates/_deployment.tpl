{{/*
The Deployment of one HTTP service (scheduler or results): one replica, replaced with Recreate, an init container
that lays out the secret files, probes on the health routes. Call with (dict "ctx" $ "component" "scheduler"
"zmqPorts" (list "zmq" "control") "zmqEnv" "<YAML list of further env over ZeroMQ>").
*/}}
{{- define "runfleet.serviceDeployment" -}}
{{- $c := dict "ctx" .ctx "component" .component }}
{{- $v := index .ctx.Values .component }}
{{- $zmqPorts := .zmqPorts }}
{{- $zmqEnv := .zmqEnv }}
{{- $component := .component }}
{{- with .ctx }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "runfleet.componentName" $c }}
  labels:
    {{- include "runfleet.labels" $c | nindent 4 }}
spec:
  # One instance: one scheduler per database (docs/scheduler-service.md), and the scheduler advertises one results
  # address. Never two at once, not even during a rollout.
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      {{- include "runfleet.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "runfleet.selectorLabels" $c | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- include "runfleet.secretsChecksum" . | nindent 8 }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "runfleet.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      initContainers:
        {{- include "runfleet.secretFilesInit" (dict "ctx" . "identity" $component "image" $v.image) | nindent 8 }}
      containers:
        - name: {{ $component }}
          image: {{ include "runfleet.image" (dict "ctx" . "image" $v.image) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          securityContext:
            {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $v.ports.http }}
            {{- if include "runfleet.zeromq" . }}
            {{- range $name := $zmqPorts }}
            - name: {{ $name }}
              containerPort: {{ index $v.ports $name }}
            {{- end }}
            {{- end }}
          env:
            {{- include "runfleet.httpEnv" (dict "ctx" . "port" $v.ports.http) | nindent 12 }}
            {{- include "runfleet.databaseEnv" . | nindent 12 }}
            {{- include "runfleet.transportEnv" (dict "ctx" . "role" $component) | nindent 12 }}
            {{- if include "runfleet.zeromq" . }}
            {{- $zmqEnv | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- include "runfleet.probes" . | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            {{- include "runfleet.serviceVolumeMounts" . | nindent 12 }}
      volumes:
        {{- include "runfleet.serviceVolumes" . | nindent 8 }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
{{- end }}
