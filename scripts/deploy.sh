#!/usr/bin/env bash
# Deploys a stack of this project from a fresh machine: installs the Pulumi CLI if it is missing,
# uses a local state backend unless one is configured, creates the stack if needed, and runs
# `pulumi up`. Needs Go and AWS credentials (any method the AWS SDK reads: environment,
# ~/.aws profile, SSO, instance role).
#
#   scripts/deploy.sh [stack] [extra pulumi up flags...]      # stack defaults to dev
#
# Environment:
#   PULUMI_BACKEND_URL        state backend (default: file://~/.pulumi-state, no Pulumi Cloud account)
#   PULUMI_CONFIG_PASSPHRASE  passphrase for the stack's secrets (default: empty; the project has none)
#   PULUMI                    the pulumi binary to use (default: pulumi on PATH, installed if absent)
set -euo pipefail
cd "$(dirname "$0")/.."

stack=${1:-dev}
shift || true
pulumi_version=3.274.1 # the CLI matching the Go SDK in go.mod

if [ ! -f "Pulumi.$stack.yaml" ]; then
  echo "deploy: there is no Pulumi.$stack.yaml; stacks here: $(ls Pulumi.*.yaml | sed 's/Pulumi\.\(.*\)\.yaml/\1/' | grep -v '^Pulumi$' | tr '\n' ' ')" >&2
  exit 2
fi
command -v go >/dev/null || { echo "deploy: Go is required (the Pulumi Go runtime builds the program): https://go.dev/dl/" >&2; exit 2; }

pulumi=${PULUMI:-}
if [ -z "$pulumi" ]; then
  if command -v pulumi >/dev/null; then
    pulumi=pulumi
  else
    if [ ! -x "$HOME/.pulumi/bin/pulumi" ]; then
      echo "deploy: installing the Pulumi CLI $pulumi_version into ~/.pulumi/bin" >&2
      curl -fsSL https://get.pulumi.com | sh -s -- --version "$pulumi_version" --no-edit-path
    fi
    pulumi=$HOME/.pulumi/bin/pulumi
  fi
fi

# Local state by default: no Pulumi Cloud account needed. Teams set an S3 backend
# (PULUMI_BACKEND_URL=s3://bucket) or log in to Pulumi Cloud instead.
if [ -z "${PULUMI_BACKEND_URL:-}" ] && ! "$pulumi" whoami >/dev/null 2>&1; then
  mkdir -p "$HOME/.pulumi-state"
  export PULUMI_BACKEND_URL="file://$HOME/.pulumi-state"
fi
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-}

if ! "$pulumi" stack select "$stack" >/dev/null 2>&1; then
  "$pulumi" stack init "$stack"
  # The passphrase secrets provider records its salt as an `encryptionsalt:` line in
  # Pulumi.<stack>.yaml. That line is this machine's: committing it would bind every other
  # user to this passphrase ("incorrect passphrase" at their `stack init`).
  echo "deploy: Pulumi.$stack.yaml now has an encryptionsalt line for your passphrase; do not commit it." >&2
fi
"$pulumi" up --stack "$stack" "$@"
