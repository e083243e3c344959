# wikid — one Makefile, no autotools. See README.md and HACKING.md.
#   make            build ./wikid
#   make run        build and serve http://127.0.0.1:8080/w/api.php
#   make test       every test suite; last line "N passed, N failed"
#   make asan test  the same under AddressSanitizer + UBSan
#   make bench      benchmarks beside the oracle, with ratios
#   make parsebench the parser's in-process MB/s (./parsebench)
#   make docs       regenerate docs/modules.md from the module registry
#   make fuzz       libFuzzer targets (clang), each run FUZZ_SECONDS (default 60)
#   make checksrc   mechanical style checks (scripts/checksrc)
#   make deps       install missing Debian packages (every target depends on it)

CC ?= gcc
PKGS := libmicrohttpd sqlite3 libpq libssl libcrypto libpcre2-8 libutf8proc inih zlib jansson libxml-2.0
BUILD ?= build
BIN ?= wikid
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -g
OPT ?= -O2
SANITIZE :=

ifneq ($(filter asan,$(MAKECMDGOALS)),)
BUILD := build-asan
BIN := build-asan/wikid
OPT := -O1 -fno-omit-frame-pointer
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif

CFLAGS += $(CFLAGS_BASE) $(OPT) $(SANITIZE)
LDFLAGS += $(SANITIZE)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# SQLite is linked from its static archive when the system has one
# (Debian's libsqlite3-dev does): its calls, ours into it and its own
# between its functions, then go straight to the function instead of
# through the PLT, a few per column of every row read (list=recentchanges
# with 500 rows: -2% instructions, the PLT stubs were 4% of its CPU time).
# A SQLite security update then needs a rebuild of wikid.
SQLITE_A := $(wildcard $(shell pkg-config --variable=libdir sqlite3 2>/dev/null)/libsqlite3.a)
ifneq ($(SQLITE_A),)
LIBS = $(filter-out -lsqlite3,$(PKG_LIBS)) $(SQLITE_A) -lbz2 -lpthread -lm
else
LIBS = $(PKG_LIBS) -lbz2 -lpthread -lm
endif

SRC := $(shell find src -name '*.c' | sort)
OBJ := $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ := $(filter-out $(BUILD)/src/main.o,$(OBJ))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The parser-test runner (tests/parser/parsertests.c); `make test` runs its ratchet.
PARSERTESTS := parsertests
ifneq ($(filter asan,$(MAKECMDGOALS)),)
PARSERTESTS := build-asan/parsertests
endif

.PHONY: all deps run test test-unit test-api test-parser test-clients asan bench docs fuzz clean checksrc

all: deps $(BIN)

deps:
	@sh scripts/deps.sh

$(BIN): $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(PARSERTESTS): tests/parser/parsertests.c $(LIBOBJ)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LIBS)

# The parser's in-process throughput (bench/parsebench.c); `make bench` runs it, `make test` does not.
parsebench: bench/parsebench.c $(LIBOBJ)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/harness.h $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LIBS)

# The common-password list is assembled into commonpw.o (.incbin).
$(BUILD)/src/wiki/commonpw.o: src/wiki/common_passwords.txt

-include $(OBJ:.o=.d)

run: all
	./wikid --data-dir ./data

asan:
	@:

test: all $(UNIT_BIN) $(PARSERTESTS)
	@WIKID=./$(BIN) PARSERTESTS=./$(PARSERTESTS) sh tests/run-all.sh $(BUILD)

test-unit: all $(UNIT_BIN)
	@WIKID=./$(BIN) sh tests/run-all.sh $(BUILD) unit

test-api: all
	@WIKID=./$(BIN) sh tests/run-all.sh $(BUILD) api

test-parser: all $(PARSERTESTS)
	@PARSERTESTS=./$(PARSERTESTS) sh tests/run-all.sh $(BUILD) parser

bench: all parsebench
	@sh bench/run

docs: all
	./wikid --dump-modules-md > docs/modules.md

# Seconds each fuzz target runs; `make fuzz FUZZ_SECONDS=600` for a long run.
FUZZ_SECONDS ?= 60

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) PKG_CFLAGS="$(PKG_CFLAGS)" LIBS="$(LIBS)" MAKE="$(MAKE)" sh fuzz/run.sh

checksrc:
	@/usr/bin/python3 scripts/checksrc

clean:
	rm -rf build build-asan build-fuzz wikid parsertests parsebench
