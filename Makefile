# The two commands that matter: `make run` and `make test`. Both install what is missing first.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all deps npm-deps configure build run test asan bench screenshots format package clean

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

screenshots: build
	bash tests/ui/take_screenshots.sh $(BUILD_DIR) docs/screenshots

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

package: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf build
