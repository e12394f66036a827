# Contributor entry points. CI runs .ci/run, which `make ci` runs too; the tool versions live
# there (GOLANGCI_LINT_VERSION, ACTIONLINT_VERSION) and are read from it here.
#
#   make test           the tests, offline (Pulumi's mocks)
#   make lint           golangci-lint (module and examples) and actionlint
#   make fmt            gofmt every Go file
#   make tidy           go mod tidy, module and examples
#   make examples       vet and test the examples module
#   make docs           regenerate what is generated: Pulumi.yaml's defaults, the regions of README.md,
#                       each package's README.md and docs/cost.md, the example outputs file
#   make plan [STACK=dev]   the offline plan of a stack: resources, diagram, times, cost
#   make up   [STACK=dev]   deploy a stack (scripts/deploy.sh; needs AWS credentials)
#   make ci             everything CI checks

STACK ?= dev
GO ?= go

BIN := $(shell $(GO) env GOPATH)/bin
GOLANGCI_LINT_VERSION := $(shell sed -n 's/^GOLANGCI_LINT_VERSION=//p' .ci/run)
ACTIONLINT_VERSION := $(shell sed -n 's/^ACTIONLINT_VERSION=//p' .ci/run)
GOLANGCI_LINT := $(BIN)/golangci-lint
ACTIONLINT := $(BIN)/actionlint

.PHONY: help test lint fmt tidy examples docs plan up ci tools

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

test:
	$(GO) test ./...

lint: $(GOLANGCI_LINT) $(ACTIONLINT)
	$(GOLANGCI_LINT) run ./...
	cd examples && $(GOLANGCI_LINT) run ./...
	$(ACTIONLINT) .github/workflows/*.yml

fmt:
	gofmt -w $$(git ls-files '*.go')

tidy:
	$(GO) mod tidy
	cd examples && $(GO) mod tidy

examples:
	cd examples && $(GO) vet ./... && $(GO) test ./...

docs:
	$(GO) test ./internal/docgen -run '^TestReadme' -update
	$(GO) test ./program -run 'TestProjectFileDefaults|TestReadmeConfiguration|TestReleaseReadsTheExports' -update
	$(GO) run ./cmd/plan --stack $(STACK) --write-readme

plan:
	$(GO) run ./cmd/plan --stack $(STACK)

up:
	scripts/deploy.sh $(STACK)

ci:
	.ci/run

# The pinned linters, installed once; `make tools` reinstalls them after .ci/run changes a version.
# It also installs the IAM simulator the pipelineroles tests use (npm; a test-time tool).
tools:
	$(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	$(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
	npm ci --prefix pipelineroles/testdata/iamsim --no-audit --no-fund

$(GOLANGCI_LINT):
	$(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

$(ACTIONLINT):
	$(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
