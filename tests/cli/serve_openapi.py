#!/usr/bin/python3
"""Checks a running `regel serve` against docs/openapi.yaml: every response of a set of requests
(good and bad) must be documented for its path, method and status, and its body must validate
against the documented schema (JSON Schema 2020-12, python3-jsonschema). The input schema the
service gives for each ruleset must accept the ruleset's own example applications and refuse a
wrong one.

Usage: serve_openapi.py BASE_URL SPEC ROOT   (ROOT: the repository, for the example applications)
"""
import glob
import json
import sys
import urllib.error
import urllib.request

import jsonschema
import yaml

base, spec_path, root = sys.argv[1], sys.argv[2], sys.argv[3]
spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
resolver = jsonschema.RefResolver.from_schema(spec)
failures = []


def request(method, path, body=None, ctype="application/json"):
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.headers, res.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def documented(template, method, status, headers):
    operation = spec["paths"][template][method.lower()]
    response = operation["responses"].get(str(status))
    if response is None:
        return None, f"status {status} är inte dokumenterad"
    if "$ref" in response:
        response = resolver.resolve(response["$ref"])[1]
    media = headers.get("Content-Type", "").split(";")[0].strip()
    content = response.get("content", {})
    if media not in content:
        return None, f"innehållstypen {media!r} är inte dokumenterad för {status}"
    for name, header in response.get("headers", {}).items():
        if "$ref" in header:
            header = resolver.resolve(header["$ref"])[1]
        value = headers.get(name)
        if value is None:
            return None, f"huvudet {name} saknas"
        check(header["schema"], value, f"huvudet {name}")
    return content[media]["schema"], None


def check(schema, value, what):
    errors = list(jsonschema.Draft202012Validator(schema, resolver=resolver).iter_errors(value))
    for e in errors:
        failures.append(f"{what}: {e.message} (vid {'/'.join(map(str, e.absolute_path))})")
    return not errors


def expect(method, path, template, status, body=None, ctype="application/json", code=None):
    got, headers, text = request(method, path, body, ctype)
    what = f"{method} {path}"
    if got != status:
        failures.append(f"{what}: status {got}, väntade {status}: {text[:300]}")
        return None
    schema, why = documented(template, method, got, headers)
    if why:
        failures.append(f"{what}: {why}")
        return None
    media = headers.get("Content-Type", "").split(";")[0].strip()
    value = json.loads(text) if media == "application/json" or media.endswith("+json") else text
    if check(schema, value, what):
        print(f"ok: {what} → {got} stämmer med OpenAPI-filen")
    if code is not None and (not isinstance(value, dict) or value.get("fel", [{}])[0].get("kod") != code):
        failures.append(f"{what}: väntade felkoden {code}: {text[:300]}")
    return value


case = open(f"{root}/rulesets/forsorjningsstod/ansokningar/2023-0005.json", encoding="utf-8").read()
beslut = "/v1/beslut/{regelverk}"
for how in ["", "?förklaring=kort", "?förklaring=full", "?förklaring=json", "?förklaring=brev"]:
    expect("POST", "/v1/beslut/forsorjningsstod" + how.replace("ö", "%C3%B6"), beslut, 200, case)
expect("POST", "/v1/beslut/forsorjningsstod", beslut, 422, '{"indata": {"vuxna": 3}}', code="R0603")
expect("POST", "/v1/beslut/forsorjningsstod", beslut, 422, '{"indata": ', code="R0601")
expect("POST", "/v1/beslut/finns_inte", beslut, 404, case, code="R0902")
expect("POST", "/v1/beslut/forsorjningsstod?f%C3%B6rklaring=l%C3%A5ng", beslut, 400, case, code="R0904")
expect("POST", "/v1/beslut/forsorjningsstod", beslut, 413, "{" + " " * 70000 + "}", code="R0903")  # --max-storlek 65536
lines = "\n".join(json.dumps(json.loads(open(f, encoding="utf-8").read()), ensure_ascii=False)
                  for f in sorted(glob.glob(f"{root}/rulesets/forsorjningsstod/ansokningar/*.json")))
out = expect("POST", "/v1/batch/forsorjningsstod", "/v1/batch/{regelverk}", 200, lines + "\n{trasig\n", "application/x-ndjson")
if out is not None:
    rows = [json.loads(line) for line in out.splitlines()]
    if len(rows) != len(lines.splitlines()) + 1 or "ärendefel" not in rows[-1]:
        failures.append(f"batch: {len(rows)} rader, sista {rows[-1] if rows else None}")
expect("POST", "/v1/batch/finns_inte", "/v1/batch/{regelverk}", 404, lines, "application/x-ndjson", code="R0902")
listed = expect("GET", "/v1/regelverk", "/v1/regelverk", 200)
expect("GET", "/v1/regelverk/finns_inte/schema", "/v1/regelverk/{regelverk}/schema", 404, code="R0902")
expect("GET", "/health", "/health", 200)
expect("GET", "/metrics", "/metrics", 200)
expect("POST", "/admin/ladda-om", "/admin/ladda-om", 200, "")

# The input schemas accept every example application of their ruleset, and refuse a wrong one.
for ruleset in (listed or {}).get("regelverk", []):
    schema = expect("GET", f"/v1/regelverk/{ruleset['id']}/schema", "/v1/regelverk/{regelverk}/schema", 200)
    if schema is None:
        continue
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(glob.glob(f"{root}/rulesets/{ruleset['id']}/ansokningar/*.json")):
        document = json.loads(open(path, encoding="utf-8").read())
        indata = document.get("indata", document)
        errors = [e.message for e in validator.iter_errors(indata)]
        if errors:
            failures.append(f"schemat för {ruleset['id']} vägrar {path}: {errors[0]}")
        else:
            print(f"ok: schemat för {ruleset['id']} godtar {path.split('/')[-1]}")
    for wrong in [{"okänt_fält": 1}, {next(iter(schema["properties"])): {"ett": "objekt"}}]:
        if not list(validator.iter_errors(wrong)):
            failures.append(f"schemat för {ruleset['id']} godtar {wrong}")

for f in failures:
    print("MISSLYCKADES:", f)
sys.exit(1 if failures else 0)
