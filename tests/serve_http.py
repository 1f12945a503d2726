"""serve_http.py - HTTP tests of `quoth serve`, and a bounded load test.

    python3 tests/serve_http.py URL NO_STORE_URL SERVER_PID ARTICLE MAX_BODY TIMEOUT

URL is a server started with --db (a store holding ARTICLE), --max-body
MAX_BODY and --timeout TIMEOUT; NO_STORE_URL one started without --db.
SERVER_PID is URL's process, whose memory the load test watches. Every
request goes to those loopback addresses only. Prints `ok - NAME` or
`FAIL - NAME: why` per check, the load figures, and last the line
`N passed, N failed`; exits 1 on a failure. Standard library only.
"""
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse

URL, NO_STORE_URL, SERVER_PID, ARTICLE, MAX_BODY, TIMEOUT = sys.argv[1:7]
MAX_BODY = int(MAX_BODY)
TIMEOUT = int(TIMEOUT)
with open(ARTICLE, "rb") as f:
    ARTICLE_BYTES = f.read()

# The date of the store's document (tests/serve_test.sh gives it).
STORE_DATE = "2017-11-30"

# The load test: LOAD_THREADS clients with LOAD_REQUESTS requests each,
# after a warm-up burst of the same shape.
LOAD_THREADS = 8
LOAD_REQUESTS = 150
# What a burst may add to the server's resident memory: more would be a
# leak or a cache that grows with the number of requests.
RSS_GROWTH_LIMIT_KB = 4 * 1024

passed = 0
failed = 0


def check(name, cond, why=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"FAIL - {name}: {why}")


def request(method, path, body=None, headers=None, base=URL):
    """(status, headers dict with lower-case names, body bytes)."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def json_of(body):
    try:
        return json.loads(body)
    except ValueError:
        return None


def expect(name, method, path, status, ctype="application/json", body=None, headers=None,
           base=URL):
    """Check status, Content-Type and nosniff; return the parsed JSON (or bytes)."""
    got, h, data = request(method, path, body, headers, base)
    check(f"{name}: status {status}", got == status, f"got {got}: {data[:200]!r}")
    check(f"{name}: Content-Type {ctype}", h.get("content-type", "").startswith(ctype),
          f"got {h.get('content-type')!r}")
    check(f"{name}: nosniff", h.get("x-content-type-options") == "nosniff",
          f"got {h.get('x-content-type-options')!r}")
    if ctype != "application/json":
        return data
    doc = json_of(data)
    check(f"{name}: JSON body", doc is not None, f"got {data[:200]!r}")
    if status >= 400 and doc is not None:
        check(f"{name}: error record with a message",
              doc.get("type") == "error" and isinstance(doc.get("message"), str) and doc["message"],
              f"got {doc!r}")
    return doc


# ---- endpoints ----------------------------------------------------------------

def test_page():
    html = expect("GET /", "GET", "/", 200, "text/html")
    check("GET /: the page, its script and style", b"/app.js" in html and b"/app.css" in html)
    check("GET /: no external assets", b"http://" not in html and b"https://" not in html)
    expect("GET /app.js", "GET", "/app.js", 200, "text/javascript")
    expect("GET /app.css", "GET", "/app.css", 200, "text/css")
    status, h, data = request("HEAD", "/")
    check("HEAD /: headers, no body", status == 200 and data == b"" and
          h.get("content-type", "").startswith("text/html"), f"{status} {data[:50]!r}")
    status, h, _ = request("GET", "/")
    check("GET /: Content-Security-Policy without inline script",
          "script-src 'self'" in h.get("content-security-policy", "") and
          "unsafe-inline" not in h.get("content-security-policy", ""))


def test_healthz():
    doc = expect("GET /healthz", "GET", "/healthz", 200)
    check("healthz: ok, with a store",
          doc and doc.get("status") == "ok" and doc.get("store") is True, repr(doc))
    doc = expect("GET /healthz (no store)", "GET", "/healthz", 200, base=NO_STORE_URL)
    check("healthz: no store", doc and doc.get("store") is False, repr(doc))


def test_extract_text():
    doc = expect("POST /api/extract text", "POST", "/api/extract", 200, body=ARTICLE_BYTES,
                 headers={"Content-Type": "text/plain; charset=utf-8"})
    quotes = (doc or {}).get("quotes", [])
    check("extract: 11 quotations", len(quotes) == 11, f"got {len(quotes)}")
    speakers = {q.get("speaker") for q in quotes}
    check("extract: Russell Simmons and Jenny Lumet",
          {"Russell Simmons", "Jenny Lumet"} <= speakers, repr(speakers))
    check("extract: SPEC records, text == body[start:end]",
          all(q["type"] == "quote" and
              ARTICLE_BYTES[q["start"]:q["end"]] == q["text"].encode() for q in quotes))


def test_extract_json():
    body = json.dumps({"id": "a1", "text": '"We will not back down," the mayor said.'})
    doc = expect("POST /api/extract JSON", "POST", "/api/extract", 200, body=body.encode(),
                 headers={"Content-Type": "application/json"})
    quotes = (doc or {}).get("quotes", [])
    check("extract JSON: one quote of doc a1",
          len(quotes) == 1 and quotes[0]["doc"] == "a1" and
          quotes[0]["text"] == "We will not back down,",
          repr(quotes))
    doc = expect("POST /api/extract empty text", "POST", "/api/extract", 200, body=b"")
    check("extract empty: no quotes", doc == {"quotes": []}, repr(doc))


def test_extract_errors():
    js = {"Content-Type": "application/json"}
    doc = expect("malformed JSON", "POST", "/api/extract", 400, body=b'{"text": "abc', headers=js)
    check("malformed JSON: says JSON", doc and "JSON" in doc.get("message", ""), repr(doc))
    doc = expect("JSON without text", "POST", "/api/extract", 400, body=b'{"id": "x"}', headers=js)
    check("JSON without text: says text", doc and "text" in doc.get("message", ""), repr(doc))
    expect("JSON text not a string", "POST", "/api/extract", 400, body=b'{"text": 5}', headers=js)
    expect("JSON not an object", "POST", "/api/extract", 400, body=b'["text"]', headers=js)
    doc = expect("invalid UTF-8", "POST", "/api/extract", 400, body=b'"Hi," he said \xff.')
    check("invalid UTF-8: says where", doc and "byte 14" in doc.get("message", ""), repr(doc))


def test_search():
    doc = expect("GET /api/search", "GET", "/api/search?q=step+aside", 200)
    results = (doc or {}).get("results", [])
    check("search: a group by Russell Simmons",
          len(results) >= 1 and results[0]["speaker"] == "Russell Simmons" and
          "**step**" in results[0]["snippet"], repr(results)[:300])
    doc = expect("search by speaker", "GET", "/api/search?q=step&speaker=Lumet", 200)
    check("search: the speaker filters", doc == {"results": []}, repr(doc)[:300])
    doc = expect("search limit", "GET", "/api/search?q=I&limit=2", 200)
    check("search: limit=2 gives 2", len((doc or {}).get("results", [])) == 2, repr(doc)[:300])
    expect("search without q", "GET", "/api/search", 400)
    doc = expect("search, bad FTS5 query", "GET", "/api/search?q=%22open", 400)
    check("bad query: says so", doc and "query" in doc.get("message", ""), repr(doc))
    expect("search limit=0", "GET", "/api/search?q=step&limit=0", 400)
    expect("search limit=abc", "GET", "/api/search?q=step&limit=abc", 400)
    expect("search without a store", "GET", "/api/search?q=step", 404, base=NO_STORE_URL)


def test_search_dates():
    """since= and until= keep results from documents dated within them,
    both days included; the store's one document is of STORE_DATE."""
    def found(name, query):
        doc = expect(name, "GET", "/api/search?q=step+aside&" + query, 200)
        return (doc or {}).get("results", [])
    results = found("search since the day", "since=" + STORE_DATE)
    check("search: since= its date keeps the document",
          len(results) >= 1 and results[0]["first_date"] == STORE_DATE, repr(results)[:300])
    results = found("search since the day after", "since=2017-12-01")
    check("search: since= a later date leaves it out", results == [], repr(results)[:300])
    results = found("search until the day", "until=" + STORE_DATE)
    check("search: until= its date keeps it", len(results) >= 1, repr(results)[:300])
    results = found("search until the day before", "until=2017-11-29")
    check("search: until= an earlier date leaves it out", results == [], repr(results)[:300])
    results = found("search within the day", f"since={STORE_DATE}&until={STORE_DATE}")
    check("search: since= and until= together", len(results) >= 1, repr(results)[:300])
    for query in ["since=2017-1-1", "until=yesterday", "since=2017-11-30T00:00"]:
        doc = expect(f"search {query}", "GET", "/api/search?q=step&" + query, 400)
        check(f"search {query}: says which parameter", doc and query.split("=")[0] in
              doc.get("message", ""), repr(doc))


def test_speakers():
    doc = expect("GET /api/speakers", "GET", "/api/speakers?top=1", 200)
    check("speakers: top=1 is Russell Simmons",
          doc and doc.get("quotes") == 11 and
          [s["name"] for s in doc["speakers"]] == ["Russell Simmons"],
          repr(doc)[:300])
    doc = expect("speakers default", "GET", "/api/speakers", 200)
    names = {s["name"] for s in (doc or {}).get("speakers", [])}
    check("speakers: both", names == {"Russell Simmons", "Jenny Lumet"}, repr(doc)[:300])
    expect("speakers top=5000", "GET", "/api/speakers?top=5000", 400)
    expect("speakers without a store", "GET", "/api/speakers", 404, base=NO_STORE_URL)


def test_routing():
    expect("unknown path", "GET", "/nope", 404)
    expect("unknown API path", "POST", "/api/nope", 404, body=b"x")
    for method, path in [("GET", "/api/extract"), ("PUT", "/api/extract"), ("POST", "/healthz"),
                         ("DELETE", "/"), ("POST", "/api/search")]:
        expect(f"{method} {path}", method, path, 405, body=b"" if method != "GET" else None)
    _, h, _ = request("GET", "/api/extract")
    check("405 says Allow: POST", h.get("allow") == "POST", repr(h.get("allow")))
    _, h, _ = request("POST", "/healthz", body=b"")
    check("405 says Allow: GET, HEAD", h.get("allow") == "GET, HEAD", repr(h.get("allow")))


def test_body_limit():
    doc = expect("body of --max-body bytes", "POST", "/api/extract", 200, body=b"a" * MAX_BODY)
    check("a body at the limit is read", doc == {"quotes": []}, repr(doc)[:200])
    # Headers only: the refusal must come before the body is sent.
    u = urllib.parse.urlsplit(URL)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1))
        answer = b""
        while b"\r\n\r\n" not in answer and len(answer) < 65536:
            data = s.recv(65536)
            if not data:
                break
            answer += data
    head = answer.split(b"\r\n\r\n")[0].lower()
    check("Content-Length over --max-body: 413 before the body is sent",
          head.startswith(b"http/1.1 413") and b"x-content-type-options: nosniff" in head and
          b"content-type: application/json" in head, repr(head[:300]))

    def chunks():
        for _ in range(4):
            yield b"a" * (MAX_BODY // 2)
    u = urllib.parse.urlsplit(URL)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.request("POST", "/api/extract", body=chunks(), encode_chunked=True,
                     headers={"Transfer-Encoding": "chunked"})
        r = conn.getresponse()
        r.read()
        check("body over --max-body (chunked): 413", r.status == 413, f"got {r.status}")
        check("413 (chunked): nosniff", r.getheader("X-Content-Type-Options") == "nosniff")
    except OSError as e:
        check("body over --max-body (chunked): 413", False, repr(e))
    finally:
        conn.close()


def test_slow_clients():
    """Two clients that stop sending, one in its headers and one in its
    body: the server closes both after --timeout seconds of silence."""
    u = urllib.parse.urlsplit(URL)
    partial = [b"GET /healthz HTTP/1.1\r\nHost: x\r\n",
               b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"]
    socks = []
    start = time.monotonic()
    for data in partial:
        s = socket.create_connection((u.hostname, u.port), timeout=TIMEOUT + 5)
        s.sendall(data)
        socks.append(s)
    for name, s in zip(["in the headers", "in the body"], socks):
        try:
            while s.recv(4096):
                pass  # a 408 or similar before the close would be fine too
            closed = True
        except socket.timeout:
            closed = False
        except OSError:
            closed = True  # reset: closed too
        s.close()
        took = time.monotonic() - start
        check(f"silent client {name}: closed after about {TIMEOUT} s",
              closed and TIMEOUT - 0.5 <= took <= TIMEOUT + 4,
              f"closed={closed} after {took:.1f} s")


# ---- load -----------------------------------------------------------------------

def rss_kb():
    with open(f"/proc/{SERVER_PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def burst():
    """LOAD_THREADS clients, each with its own keep-alive connection,
    send LOAD_REQUESTS extractions. Returns (latencies, failures, seconds)."""
    u = urllib.parse.urlsplit(URL)
    latencies = []
    failures = []
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        mine = []
        for _ in range(LOAD_REQUESTS):
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/extract", body=ARTICLE_BYTES,
                             headers={"Content-Type": "text/plain"})
                r = conn.getresponse()
                data = r.read()
                ok = r.status == 200 and len(json.loads(data)["quotes"]) == 11
                why = f"status {r.status}"
            except (OSError, ValueError, http.client.HTTPException) as e:
                ok, why = False, repr(e)
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            mine.append(time.perf_counter() - t0)
            if not ok:
                with lock:
                    failures.append(why)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(LOAD_THREADS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures, time.perf_counter() - t0


def test_load():
    burst()  # warm-up: workers, arenas and allocator caches reach their size
    before = rss_kb()
    latencies, failures, seconds = burst()
    after = rss_kb()
    latencies.sort()
    n = len(latencies)
    p99 = latencies[min(n - 1, int(n * 0.99))] * 1000
    print(f"load: {n} requests from {LOAD_THREADS} threads in {seconds:.2f} s: "
          f"{n / seconds:.0f} requests/s, p50 {latencies[n // 2] * 1000:.1f} ms, "
          f"p99 {p99:.1f} ms, {len(failures)} failed; server RSS {before} kB -> {after} kB")
    check("load: every request answered", n == LOAD_THREADS * LOAD_REQUESTS, f"{n}")
    check("load: zero failed requests", not failures, "; ".join(failures[:5]))
    check("load: no memory growth", after - before < RSS_GROWTH_LIMIT_KB,
          f"RSS grew by {after - before} kB")


for test in [test_page, test_healthz, test_extract_text, test_extract_json, test_extract_errors,
             test_search, test_search_dates, test_speakers, test_routing, test_body_limit,
             test_slow_clients, test_load]:
    try:
        test()
    except Exception as e:  # one broken test must not hide the others
        check(test.__name__, False, repr(e))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
