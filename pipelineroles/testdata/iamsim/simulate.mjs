// simulate.mjs evaluates IAM requests with @cloud-copilot/iam-simulate, a
// test-time tool of `go test ./pipelineroles` (AGPL-3.0; never shipped or
// run by users). It reads one JSON document on standard input:
//
//	{"cases": [{"name": "...", "principal": "arn:...", "action": "svc:Action",
//	  "resource": "arn:...", "resourceAccount": "111122223333",
//	  "context": {"aws:RequestTag/Project": "x"},
//	  "identityPolicies": [{...}], "boundary": {...} | null,
//	  "resourcePolicy": {...} | null}]}
//
// and writes one JSON document: {"results": [{"name", "decision",
// "errors", "ignoredContextKeys"}]}, decision being Allowed,
// ExplicitlyDenied or ImplicitlyDenied, or "Error" when the simulator
// refused the request (errors says why).
import { runSimulation } from '@cloud-copilot/iam-simulate'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))

const results = []
for (const c of input.cases) {
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
  const r = await runSimulation(simulation, { simulationMode: 'Strict' })
  if (r.resultType === 'error') {
    results.push({ name: c.name, decision: 'Error', errors: r.errors })
    continue
  }
  results.push({ name: c.name, decision: r.overallResult, ignoredContextKeys: r.result?.ignoredContextKeys || [] })
}
process.stdout.write(JSON.stringify({ results }))
