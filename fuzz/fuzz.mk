# fuzz/fuzz.mk - the fuzz targets; included by the Makefile.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="extract warc"]
#       build each target with clang and libFuzzer (ASan+UBSan) into
#       build/fuzz/ and run it for FUZZ_SECONDS (each), one after another,
#       starting from its seed corpus fuzz/corpus/NAME (see fuzz/run.sh)
#   make fuzz-build
#       only build them
#
# make check needs no clang: it builds each target with fuzz/replay.c's
# main() as build/test_fuzz_NAME and build/asan/test_fuzz_NAME, which
# tests/run.sh runs like any test program, replaying the seed corpus.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES    = extract jsonl html warc store
FUZZ_TARGETS ?= $(FUZZ_NAMES)

# The parts of the command the reader targets drive: everything that
# reads and turns input into documents; not main(), the store or serve.
FUZZ_CLI = util input jsonl html warc source work pack pool output progress
# The store target's: the store's writer and search.
FUZZ_STORE_CLI = util args output store store_group store_search

FUZZ_SAN    = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = $(WARN) -O1 -g -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Icli \
              $(PKG_CFLAGS) $(CLI_CFLAGS) $(FUZZ_SAN)
FUZZ_LIB_OBJ = $(LIB_SRC:src/%.c=build/fuzz/obj/%.o)
FUZZ_CLI_OBJ = $(FUZZ_CLI:%=build/fuzz/obj/cli/%.o)
FUZZ_BINS    = $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Coverage instrumentation everywhere, libFuzzer's main() only at the link.
build/fuzz/obj/%.o: src/%.c include/quoth.h $(wildcard src/*.h) src/lexicon_data.inc
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DQUOTH_BUILDING -c $< -o $@

build/fuzz/obj/cli/%.o: cli/%.c include/quoth.h $(wildcard cli/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# It reads the quotes' JSON back with the command's reader.
FUZZ_EXTRACT_CLI = $(addprefix build/fuzz/obj/cli/,jsonl.o util.o)
build/fuzz/fuzz_extract: fuzz/fuzz_extract.c fuzz/fuzz.h $(FUZZ_LIB_OBJ) $(FUZZ_EXTRACT_CLI)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_EXTRACT_CLI) $(FUZZ_LIB_OBJ) \
	  $(PKG_LIBS) $(JSON_LIBS)

build/fuzz/obj/cli/store.o: cli/store_schema.inc

build/fuzz/fuzz_store: fuzz/fuzz_store.c fuzz/fuzz.h $(FUZZ_LIB_OBJ) \
                       $(FUZZ_STORE_CLI:%=build/fuzz/obj/cli/%.o)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_STORE_CLI:%=build/fuzz/obj/cli/%.o) $(FUZZ_LIB_OBJ) $(PKG_LIBS) $(CLI_LIBS)

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h fuzz/fuzz_cli.h $(FUZZ_LIB_OBJ) $(FUZZ_CLI_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CLI_OBJ) $(FUZZ_LIB_OBJ) \
	  $(PKG_LIBS) $(CLI_LIBS)

# ---- corpus replay for make check --------------------------------------------

REPLAY_SRC = fuzz/replay.c fuzz/fuzz.h fuzz/fuzz_cli.h fuzz/fuzz.mk
REPLAY_DEF = -Icli -DFUZZ_CORPUS='"fuzz/corpus/$*"'
# ($* is the pattern's stem: empty in the store's explicit rules.)
REPLAY_STORE_DEF = -Icli -DFUZZ_CORPUS='"fuzz/corpus/store"'
FUZZ_REPLAY = $(FUZZ_NAMES:%=build/test_fuzz_%) $(FUZZ_NAMES:%=build/asan/test_fuzz_%)

build/test_fuzz_%: fuzz/fuzz_%.c $(REPLAY_SRC) build/libquoth.a $(FUZZ_CLI:%=build/obj/cli/%.o)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $(REPLAY_DEF) -o $@ $< fuzz/replay.c \
	  $(FUZZ_CLI:%=build/obj/cli/%.o) build/libquoth.a $(PKG_LIBS) $(CLI_LIBS)

build/asan/test_fuzz_%: fuzz/fuzz_%.c $(REPLAY_SRC) build/asan/libquoth.a \
                        $(FUZZ_CLI:%=build/asan/obj/cli/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $(SAN) $(REPLAY_DEF) -o $@ $< fuzz/replay.c \
	  $(FUZZ_CLI:%=build/asan/obj/cli/%.o) build/asan/libquoth.a $(PKG_LIBS) $(CLI_LIBS)

build/test_fuzz_store: fuzz/fuzz_store.c $(REPLAY_SRC) build/libquoth.a \
                       $(FUZZ_STORE_CLI:%=build/obj/cli/%.o)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $(REPLAY_STORE_DEF) -o $@ $< fuzz/replay.c \
	  $(FUZZ_STORE_CLI:%=build/obj/cli/%.o) build/libquoth.a $(PKG_LIBS) $(CLI_LIBS)

build/asan/test_fuzz_store: fuzz/fuzz_store.c $(REPLAY_SRC) build/asan/libquoth.a \
                            $(FUZZ_STORE_CLI:%=build/asan/obj/cli/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $(SAN) $(REPLAY_STORE_DEF) -o $@ $< fuzz/replay.c \
	  $(FUZZ_STORE_CLI:%=build/asan/obj/cli/%.o) build/asan/libquoth.a $(PKG_LIBS) $(CLI_LIBS)

check-run: $(FUZZ_REPLAY)
