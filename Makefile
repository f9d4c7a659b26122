# The two commands that matter: `make run` and `make test`. Both install what is missing first.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all deps npm-deps configure build run test asan bench screenshots format package package-test clean

all: build

deps:
	@bash packaging/install-deps.sh

# The reference HogQL parser for the conformance tests, pinned by tests/conformance/package-lock.json.
npm-deps: deps
	@if [ ! -d tests/conformance/node_modules/@posthog/hogql-parser ] || \
	    [ tests/conformance/package-lock.json -nt tests/conformance/node_modules/.package-lock.json ]; then \
	  cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error; fi

$(BUILD_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

configure: deps
	cmake --preset $(PRESET)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/app/hogscope --demo

test: build npm-deps
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

asan:
	$(MAKE) test PRESET=asan

bench: build
	@for b in $(BUILD_DIR)/tests/bench/bench_*; do [ -x "$$b" ] || continue; echo "== $$b"; "$$b" || exit 1; done

# libFuzzer over the HogQL library (clang), FUZZ_SECONDS long; new inputs are merged into the kept corpus.
FUZZ_SECONDS ?= 600
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOGSCOPE_FUZZ=ON -DHOGSCOPE_WERROR=OFF
	cmake --build build/fuzz --target fuzz_hogql -j $(JOBS)
	mkdir -p build/fuzz/new-corpus
	build/fuzz/tests/fuzz/fuzz_hogql -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -max_len=4096 \
	  build/fuzz/new-corpus tests/fuzz/corpus/hogql
	build/fuzz/tests/fuzz/fuzz_hogql -merge=1 tests/fuzz/corpus/hogql build/fuzz/new-corpus

screenshots: build
	bash tests/ui/take_screenshots.sh $(BUILD_DIR) docs/screenshots

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

# The .deb (CPack, dependencies from dpkg-shlibdeps) in $(BUILD_DIR); package-test installs it on this
# machine (root or sudo), runs the installed programs, then removes it.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

package-test: build
	bash tests/package/run_package_test.sh $(BUILD_DIR)

clean:
	rm -rf build
