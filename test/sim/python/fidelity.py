# The official Kubernetes Python client (Debian's python3-kubernetes) against the simulator:
# lists with pagination, label and field selectors, a watch from a resourceVersion, patches of
# each kind, logs, create and delete and their errors. Prints one JSON object of what it saw;
# test/sim/kube-python.test.ts asserts it. Usage: fidelity.py KUBECONFIG NAMESPACE
import json
import sys

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(config_file=sys.argv[1])
NS = sys.argv[2]
v1 = client.CoreV1Api()
apps = client.AppsV1Api()
out = {}


def names(items):
    return sorted(i.metadata.name for i in items)


# Lists and pagination (limit / continue), as kubectl and the client spell them.
everything = v1.list_namespaced_pod(NS)
out["all"] = names(everything.items)
paged, pages, cont = [], 0, None
while True:
    kw = {"limit": 2}
    if cont:
        kw["_continue"] = cont
    page = v1.list_namespaced_pod(NS, **kw)
    paged += [p.metadata.name for p in page.items]
    pages += 1
    cont = page.metadata._continue
    if not cont:
        break
out["paged"] = sorted(paged)
out["pages"] = pages

# Selectors: equality, set-based, negation; field selectors.
out["label_eq"] = names(v1.list_namespaced_pod(NS, label_selector="app=backend").items)
out["label_set"] = names(v1.list_namespaced_pod(NS, label_selector="app in (backend,frontend),app!=frontend").items)
out["field_running"] = len(v1.list_namespaced_pod(NS, field_selector="status.phase=Running").items)
out["field_name"] = names(v1.list_namespaced_pod(NS, field_selector="metadata.name=" + out["all"][0]).items)

# A watch from a resourceVersion sees a ConfigMap created after it.
rv = v1.list_namespaced_config_map(NS).metadata.resource_version
v1.create_namespaced_config_map(NS, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-probe"), data={"a": "1"}))
seen = []
w = watch.Watch()
for ev in w.stream(v1.list_namespaced_config_map, NS, resource_version=rv, timeout_seconds=10):
    seen.append([ev["type"], ev["object"].metadata.name])
    if ev["object"].metadata.name == "py-probe":
        w.stop()
out["watch"] = seen

# Create again: 409 AlreadyExists; a missing object: 404 NotFound.
try:
    v1.create_namespaced_config_map(NS, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-probe")))
    out["conflict"] = None
except ApiException as e:
    out["conflict"] = [e.status, json.loads(e.body).get("reason")]
try:
    v1.read_namespaced_config_map("py-missing", NS)
    out["missing"] = None
except ApiException as e:
    out["missing"] = [e.status, json.loads(e.body).get("reason")]

# Patches: strategic merge (a dict, the client's default), JSON patch (a list), merge patch.
apps.patch_namespaced_deployment("frontend", NS, {"metadata": {"labels": {"py-strategic": "yes"}}})
apps.patch_namespaced_deployment("frontend", NS, [{"op": "add", "path": "/metadata/annotations/py-json", "value": "yes"}])
# This client has no per-call content type: a client whose default header says merge patch.
merge_client = client.ApiClient()
merge_client.set_default_header("Content-Type", "application/merge-patch+json")
client.CoreV1Api(merge_client).patch_namespaced_config_map("py-probe", NS, {"data": {"b": "2"}})
d = apps.read_namespaced_deployment("frontend", NS)
out["patched_label"] = (d.metadata.labels or {}).get("py-strategic")
out["patched_annotation"] = (d.metadata.annotations or {}).get("py-json")
out["merged"] = v1.read_namespaced_config_map("py-probe", NS).data

# Logs: the last lines of a running pod.
pod = next(p for p in everything.items if p.status.phase == "Running" and p.metadata.name.startswith("backend-"))
log = v1.read_namespaced_pod_log(pod.metadata.name, NS, tail_lines=3)
out["log_lines"] = len([l for l in log.split("\n") if l])
full = v1.read_namespaced_pod_log(pod.metadata.name, NS)
hour = v1.read_namespaced_pod_log(pod.metadata.name, NS, since_seconds=3600)
out["log_all"] = len([l for l in full.split("\n") if l])
out["log_last_hour"] = len([l for l in hour.split("\n") if l])

# Delete, then it is gone.
v1.delete_namespaced_config_map("py-probe", NS)
try:
    v1.read_namespaced_config_map("py-probe", NS)
    out["deleted"] = False
except ApiException as e:
    out["deleted"] = e.status == 404

print(json.dumps(out))
