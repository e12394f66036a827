// simulate.mjs evaluates IAM requests with @cloud-copilot/iam-simulate, a
// test-time tool of `go test ./pipelineroles` (AGPL-3.0; never shipped or
// run by users). It reads one JSON document on standard input:
//
//	{"cases": [{"name": "...", "principal": "arn:...", "action": "svc:Action",
//	  "resource": "arn:...", "resourceAccount": "111122223333",
//	  "context": {"aws:RequestTag/Project": "x"},
//	  "identityPolicies": [{...}], "boundary": {...} | null,
//	  "resourcePolicy": {...} | null, "unvalidatedContext": false}]}
//
// and writes one JSON document: {"results": [{"name", "decision",
// "errors", "ignoredContextKeys"}]}, decision being Allowed,
// ExplicitlyDenied or ImplicitlyDenied, or "Error" when the simulator
// refused the request (errors says why).
//
// Several such documents may follow each other, one a line: each is answered
// by one line.
//
// unvalidatedContext evaluates the context as given, without the
// simulator's check of which keys the action takes: for keys its data
// lacks, such as an OIDC provider's <host>:sub and <host>:aud on
// sts:AssumeRoleWithWebIdentity.
import { createInterface } from 'node:readline'
import { loadPolicy } from '@cloud-copilot/iam-policy'
import { runSimulation } from '@cloud-copilot/iam-simulate'

// The simulator's own engine, for requests whose context it must not
// filter; its exported runUnsafeSimulation loads the resource policy
// without a name and fails on it (0.1.173), so this file does the same
// with one. The package pins the version (package-lock.json).
const internal = (path) => import(new URL('./node_modules/@cloud-copilot/iam-simulate/dist/esm/' + path, import.meta.url))
const { authorize } = await internal('core_engine/CoreSimulatorEngine.js')
const { AwsRequestImpl } = await internal('request/request.js')
const { RequestContextImpl } = await internal('requestContext.js')
const { DiscoveryContextKeyConstraints } = await internal('context_keys/discoveryContextKeyConstraints.js')

function unvalidated(c) {
  const load = (policy, name) => (policy ? loadPolicy(policy, { name }) : undefined)
  const request = new AwsRequestImpl(
    c.principal,
    { resource: c.resource, accountId: c.resourceAccount },
    c.action,
    new RequestContextImpl(c.context || {})
  )
  const analysis = authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: (c.identityPolicies || []).map((p, i) => load(p, `identity-${i}`)),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: load(c.resourcePolicy, 'resource'),
    permissionBoundaries: c.boundary ? [load(c.boundary, 'boundary')] : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} }
  })
  return analysis.result
}


async function evaluate(c) {
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context || {}
    },
    identityPolicies: (c.identityPolicies || []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy || undefined,
    permissionBoundaryPolicies: c.boundary ? [{ name: 'boundary', policy: c.boundary }] : undefined
  }
  if (c.unvalidatedContext) {
    return { name: c.name, decision: unvalidated(c), ignoredContextKeys: [] }
  }
  const r = await runSimulation(simulation, { simulationMode: 'Strict' })
  if (r.resultType === 'error') {
    return { name: c.name, decision: 'Error', errors: r.errors }
  }
  return { name: c.name, decision: r.overallResult, ignoredContextKeys: r.result?.ignoredContextKeys || [] }
}

// Each line of standard input is one document of requests, answered by
// one line: a test binary starts node once and sends every test's
// requests in turn. The requests of a line are independent: evaluate them
// together.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (line.trim() === '') continue
  const input = JSON.parse(line)
  const results = await Promise.all(input.cases.map(evaluate))
  process.stdout.write(JSON.stringify({ results }) + '\n')
}
