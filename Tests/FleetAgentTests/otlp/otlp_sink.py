"""An OTLP/HTTP metrics sink for the tests: decodes each export with the official protobuf definitions
(PyPI opentelemetry-proto) and appends one JSON line per data point to OUT.

    python3 otlp_sink.py OUT PORT_FILE SECONDS

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and exits after SECONDS (bounded).
"""

import gzip
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)

out_path, port_file, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
lock = threading.Lock()


def attributes(pairs):
    return {kv.key: kv.value.string_value for kv in pairs}


def points(request):
    for resource_metrics in request.resource_metrics:
        resource = attributes(resource_metrics.resource.attributes)
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                kind = metric.WhichOneof("data")
                data = getattr(metric, kind)
                for point in data.data_points:
                    row = {
                        "name": metric.name,
                        "unit": metric.unit,
                        "description": metric.description,
                        "kind": kind,
                        "resource": resource,
                        "attributes": attributes(point.attributes),
                        "start": point.start_time_unix_nano,
                        "time": point.time_unix_nano,
                    }
                    if kind in ("gauge", "sum"):
                        row["value"] = point.as_double if point.WhichOneof("value") == "as_double" else point.as_int
                    if kind == "sum":
                        row["temporality"] = data.aggregation_temporality
                        row["monotonic"] = data.is_monotonic
                    yield row


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        request = ExportMetricsServiceRequest()
        try:
            request.ParseFromString(body)
        except Exception as error:  # an export that is not the protobuf message: say so, keep serving
            self.send_response(400)
            self.end_headers()
            self.wfile.write(str(error).encode())
            return
        with lock, open(out_path, "a") as out:
            for row in points(request):
                row["path"] = self.path
                row["content_type"] = self.headers.get("Content-Type")
                out.write(json.dumps(row) + "\n")
        reply = ExportMetricsServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
threading.Timer(seconds, server.shutdown).start()
server.serve_forever()
