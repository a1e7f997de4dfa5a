{{/*
The Service of one HTTP service: its REST port, and over ZeroMQ the ports agents connect to (CurveZMQ on each).
Call with (dict "ctx" $ "component" "scheduler" "zmqPorts" (list "zmq" "control")).
*/}}
{{- define "runfleet.service" -}}
{{- $c := dict "ctx" .ctx "component" .component }}
{{- $v := index .ctx.Values .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "runfleet.componentName" $c }}
  labels:
    {{- include "runfleet.labels" $c | nindent 4 }}
  {{- with $v.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $v.service.type }}
  selector:
    {{- include "runfleet.selectorLabels" $c | nindent 4 }}
  ports:
    - name: http
      port: {{ $v.ports.http }}
      targetPort: http
    {{- if include "runfleet.zeromq" .ctx }}
    {{- range $name := .zmqPorts }}
    - name: {{ $name }}
      port: {{ index $v.ports $name }}
      targetPort: {{ $name }}
    {{- end }}
    {{- end }}
{{- end }}
