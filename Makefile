# quoth - build, test, install.
#
# Plain GNU make rather than CMake: the project is one library, one command
# and a handful of test programs, and a single Makefile is easier to read
# than a generator plus its output.
#
#   make            build/quoth, build/libquoth.so, build/libquoth.a
#   make demo       install missing Debian packages, build, run the sample
#   make check      build and run every test, also under ASan+UBSan
#   make fuzz       run the libFuzzer targets, FUZZ_SECONDS=60 each (clang)
#   make valgrind   every test under valgrind memcheck (never part of check)
#   make eval       score accuracy on ../shared/eval and the seed article
#   make bench      throughput benchmark (never part of check)
#   make bench-store  quote store benchmark (never part of check)
#   make dask-demo  install Debian's dask, run examples/dask_quotes.py on 1
#                   and 2 local workers next to the CLI, print MB/s
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PYTHON  ?= python3
SHARED  ?= ../shared

# The shared-library ABI version moves only when the ABI breaks, which is
# not the same event as a release: a minor release that adds functions
# keeps the soname.
ABI_MAJOR = 0
VERSION   = 0.1.0

PKGS = libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The library reads no JSON; the command and the tests do, with json-c.
JSON_LIBS  := $(shell pkg-config --libs json-c 2>/dev/null)
# Only the command reads archives and web pages, runs threads, keeps
# the quote store (sqlite3) and serves HTTP (libmicrohttpd).
CLI_PKGS = json-c libarchive libxml-2.0 sqlite3 libmicrohttpd
CLI_CFLAGS := $(shell pkg-config --cflags $(CLI_PKGS) 2>/dev/null) -pthread
CLI_LIBS   := $(shell pkg-config --libs $(CLI_PKGS) 2>/dev/null) -pthread -lm

WARN    = -std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wconversion \
          -Wno-sign-conversion -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
CFLAGS_ALL = $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC  = $(wildcard src/*.c)
CLI_SRC  = $(wildcard cli/*.c)
LIB_OBJ  = $(LIB_SRC:src/%.c=build/obj/%.o)
CLI_OBJ  = $(CLI_SRC:cli/%.c=build/obj/cli/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TESTS    = $(TEST_SRC:tests/%.c=build/%)
ASAN_LIB_OBJ = $(LIB_SRC:src/%.c=build/asan/obj/%.o)
ASAN_CLI_OBJ = $(CLI_SRC:cli/%.c=build/asan/obj/cli/%.o)
ASAN_TESTS   = $(TEST_SRC:tests/%.c=build/asan/%)

DEB_PACKAGES = build-essential pkg-config python3 libutf8proc-dev libjson-c-dev \
               libarchive-dev libxml2-dev libsqlite3-dev libmicrohttpd-dev valgrind \
               zstd
# tests/serve_test.sh drives quoth serve's page in a headless browser.
DEB_PACKAGES += chromium
# The Python binding's Dask example. Its test (tests/python_test.sh) is part
# of make check, so these are build packages too.
DASK_PACKAGES = python3-dask python3-distributed
DEB_PACKAGES += $(DASK_PACKAGES)
# Debian's dask is installed for /usr/bin/python3, which a python3 from
# pyenv or a virtualenv earlier on PATH does not see.
DASK_PYTHON ?= /usr/bin/python3

.PHONY: all deps demo check check-run test asan-check eval bench bench-store install uninstall clean lexicon valgrind

all: build/quoth build/libquoth.so build/libquoth.a

# ---- library ---------------------------------------------------------------

src/lexicon_data.inc: tools/gen_lexicon.py $(wildcard data/*.txt)
	$(PYTHON) tools/gen_lexicon.py data > $@.tmp && mv $@.tmp $@

lexicon: src/lexicon_data.inc

build/obj/%.o: src/%.c include/quoth.h $(wildcard src/*.h) src/lexicon_data.inc
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -DQUOTH_BUILDING -c $< -o $@

build/libquoth.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/libquoth.so.$(VERSION): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libquoth.so.$(ABI_MAJOR) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

build/libquoth.so.$(ABI_MAJOR): build/libquoth.so.$(VERSION)
	ln -sf libquoth.so.$(VERSION) $@

build/libquoth.so: build/libquoth.so.$(ABI_MAJOR)
	ln -sf libquoth.so.$(ABI_MAJOR) $@

build/quoth.pc: Makefile
	@mkdir -p build
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: quoth' 'Description: who said what in news text' 'Version: $(VERSION)' \
	  'Requires.private: $(PKGS)' 'Libs: -L$${libdir} -lquoth' 'Cflags: -I$${includedir}' > $@

# ---- command ---------------------------------------------------------------

build/obj/cli/%.o: cli/%.c include/quoth.h $(wildcard cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) -c $< -o $@

# The store's schema is docs/schema.sql, compiled in as a string per line
# (C compilers need only take string literals of 4095 bytes).
cli/store_schema.inc: docs/schema.sql
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n",/' $< > $@.tmp && mv $@.tmp $@

build/obj/cli/store.o build/asan/obj/cli/store.o: cli/store_schema.inc

# quoth serve's page, cli/web/, compiled in as byte arrays.
WEB_FILES = cli/web/index.html cli/web/app.css cli/web/app.js
build/gen/web_assets.inc: tools/embed.sh $(WEB_FILES)
	@mkdir -p $(dir $@)
	sh tools/embed.sh $(WEB_FILES) > $@.tmp && mv $@.tmp $@

build/obj/cli/serve.o build/asan/obj/cli/serve.o: build/gen/web_assets.inc
build/obj/cli/serve.o build/asan/obj/cli/serve.o: CLI_CFLAGS += -Ibuild/gen

build/quoth: $(CLI_OBJ) build/libquoth.a
	$(CC) -o $@ $(CLI_OBJ) build/libquoth.a $(PKG_LIBS) $(CLI_LIBS) $(LDFLAGS)

# ---- tests -----------------------------------------------------------------

build/test_%: tests/test_%.c tests/harness.h build/libquoth.a
	$(CC) $(CFLAGS_ALL) -o $@ $< build/libquoth.a $(PKG_LIBS) $(JSON_LIBS)

# test_api reads the library's JSON back with the command's strict reader.
TEST_API_CLI = jsonl util
build/test_api: tests/test_api.c tests/harness.h build/libquoth.a $(TEST_API_CLI:%=build/obj/cli/%.o)
	$(CC) $(CFLAGS_ALL) -Icli -o $@ $< $(TEST_API_CLI:%=build/obj/cli/%.o) build/libquoth.a \
	  $(PKG_LIBS) $(JSON_LIBS)

build/asan/obj/%.o: src/%.c include/quoth.h $(wildcard src/*.h) src/lexicon_data.inc
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(SAN) -DQUOTH_BUILDING -c $< -o $@

build/asan/obj/cli/%.o: cli/%.c include/quoth.h $(wildcard cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $(SAN) -c $< -o $@

build/asan/libquoth.a: $(ASAN_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/asan/quoth: $(ASAN_CLI_OBJ) build/asan/libquoth.a
	$(CC) $(SAN) -o $@ $(ASAN_CLI_OBJ) build/asan/libquoth.a $(PKG_LIBS) $(CLI_LIBS)

build/asan/test_%: tests/test_%.c tests/harness.h build/asan/libquoth.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $< build/asan/libquoth.a $(PKG_LIBS) $(JSON_LIBS)

build/asan/test_api: tests/test_api.c tests/harness.h build/asan/libquoth.a \
                     $(TEST_API_CLI:%=build/asan/obj/cli/%.o)
	$(CC) $(CFLAGS_ALL) $(SAN) -Icli -o $@ $< $(TEST_API_CLI:%=build/asan/obj/cli/%.o) \
	  build/asan/libquoth.a $(PKG_LIBS) $(JSON_LIBS)

# check installs what the tests need first (Chromium for the page test,
# the -dev packages for the build): a clean machine runs `make check` alone.
check: deps
	$(MAKE) --no-print-directory check-run

check-run: all $(TESTS) build/asan/quoth $(ASAN_TESTS)
	SHARED=$(SHARED) sh tests/run.sh build build/asan

# The fuzz targets (make fuzz, FUZZ_SECONDS=N each) and the replay of their
# corpora, which check-run builds as build/test_fuzz_* for tests/run.sh.
include fuzz/fuzz.mk

# Every test program and script under valgrind's memcheck; minutes, so not
# part of check. Prints the errors and leaks it finds; docs/robustness.md.
valgrind: all $(TESTS) $(FUZZ_NAMES:%=build/test_fuzz_%)
	SHARED=$(SHARED) sh tests/valgrind.sh build

test: check

eval: build/quoth
	SHARED=$(SHARED) sh tests/eval.sh build/quoth

# Not part of check: it writes 3.5 GB to bench/corpus/ (kept for the next
# run) and takes minutes. Needs valgrind, and node with npm for the peer.
bench: build/quoth
	$(PYTHON) bench/bench.py build/quoth $(SHARED)
	sh bench/linearity.sh build/quoth

# The quote store against its targets: bench/STORE_RESULTS.md.
bench-store: build/quoth
	sh bench/store_bench.sh build/quoth $(SHARED)

# ---- demo, install ---------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

demo: deps
	$(MAKE) all
	./build/quoth --format text examples/*.txt

.PHONY: dask-demo
dask-demo: deps
	$(MAKE) all
	SHARED=$(SHARED) $(DASK_PYTHON) bindings/python/tools/dask_bench.py --quoth build/quoth

install: all build/quoth.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 build/quoth $(DESTDIR)$(PREFIX)/bin/quoth
	install -m 644 include/quoth.h $(DESTDIR)$(PREFIX)/include/quoth.h
	install -m 644 build/libquoth.a $(DESTDIR)$(PREFIX)/lib/libquoth.a
	install -m 755 build/libquoth.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libquoth.so.$(VERSION)
	ln -sf libquoth.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libquoth.so.$(ABI_MAJOR)
	ln -sf libquoth.so.$(ABI_MAJOR) $(DESTDIR)$(PREFIX)/lib/libquoth.so
	install -m 644 build/quoth.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/quoth.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/quoth $(DESTDIR)$(PREFIX)/include/quoth.h \
	  $(DESTDIR)$(PREFIX)/lib/libquoth.* $(DESTDIR)$(PREFIX)/lib/pkgconfig/quoth.pc

clean:
	rm -rf build
