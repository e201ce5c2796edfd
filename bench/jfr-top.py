#!/usr/bin/env python3
"""Top frames by share of a flight recording's execution samples, the bridge's message work only.

Reads `jfr print --json --events jdk.ExecutionSample <file>` on stdin. Samples of the threads that carry
messages (consumers, continuations, HTTP I/O, AMQP, audit writer) after the first sample of a
Continuations thread (start-up left out). Prints two markdown tables: by component (the innermost frame
of a known library or of the bridge) and by method (innermost frame).
"""
import collections, json, sys

COMPONENTS = [("dev/taxbridge/", "the bridge's own code"), ("com/fasterxml/jackson/", "Jackson"),
              ("org/apache/hc/", "Apache HttpClient 5"), ("org/apache/camel/", "Camel"),
              ("org/springframework/amqp/", "Spring AMQP"), ("com/rabbitmq/", "RabbitMQ client"),
              ("ch/qos/logback/", "Logback"), ("org/slf4j/", "Logback"), ("io/micrometer/", "Micrometer"),
              ("org/springframework/", "Spring (other)"), ("com/github/benmanes/caffeine/", "Caffeine")]

def component(frames):
    for f in frames:
        name = f["method"]["type"]["name"]
        for prefix, label in COMPONENTS:
            if name.startswith(prefix):
                return label
    return "JDK only"

def method(f):
    return f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]

events = json.load(sys.stdin)["recording"]["events"]
def thread(e):
    t = e["values"]["sampledThread"]
    return (t.get("javaName") or t.get("osName") or "")
starts = sorted(e["values"]["startTime"] for e in events if "Continuations" in thread(e))
begin = starts[0] if starts else ""
work = [e for e in events if e["values"]["startTime"] >= begin and thread(e) != "main"
        and e["values"]["stackTrace"] and e["values"]["stackTrace"]["frames"]]
total = len(work)
print(f"{total} samples of {len(events)} (start-up and the main thread left out)\n")
for title, key in (("component", lambda e: component(e["values"]["stackTrace"]["frames"])),
                   ("method (innermost frame)", lambda e: method(e["values"]["stackTrace"]["frames"][0]))):
    counts = collections.Counter(key(e) for e in work)
    print(f"| {title} | samples | share |\n|---|---|---|")
    for name, n in counts.most_common(15 if title.startswith("method") else 20):
        print(f"| {name} | {n} | {100.0 * n / total:.1f} % |")
    print()
# Spring AMQP's listener containers name their consumer threads after the bean they were given (none).
LABELS = {"not.a.Spring.bean": "invoice consumers (listener containers)", "httpclient": "AvaTax HTTP I/O",
          "Continuations": "Continuations pool", "rabbitConnectionFactory": "AMQP connection factory"}
threads = collections.Counter()
for e in work:
    t = thread(e)
    for k in ("Continuations", "Confirms", "httpclient", "AMQP Connection", "not.a.Spring.bean", "rabbitConnectionFactory",
              "tax-audit-writer", "consume"):
        if k in t:
            threads[LABELS.get(k, k)] += 1
            break
    else:
        threads[t.split("-")[0][:40]] += 1
print("| thread | samples | share |\n|---|---|---|")
for name, n in threads.most_common(12):
    print(f"| {name} | {n} | {100.0 * n / total:.1f} % |")
