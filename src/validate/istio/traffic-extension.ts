// TrafficExtensions as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateTrafficExtension): the selector and targetRefs (checkPolicyTargets),
// the Lua code's size in bytes (at most 65536: the CRD's maxLength counts characters), and a Wasm module as a
// WasmPlugin's (checkWasmModule: imagePullSecret, pluginName, vmConfig env names; its url is the CRD's, see wasm-plugin.ts).
// A TrafficExtension has no `targetRef`: Go passes none to validateOneOfSelectorType, and the CRD has no such field
// (the API server drops it, or refuses it under strict field validation), so only selector and targetRefs are checked.
// Skipped, since an object failing them never reaches the webhook:
// - neither or both of wasm and lua is the CRD's `oneOf` (not both) and CEL rule `has(self.wasm) != has(self.lua)`;
// - empty Lua code is the CRD's `required` and `minLength: 1`;
// - sha256 neither empty nor 64 lowercase hex digits is the CRD's pattern; the rest of the Wasm module's, see
//   wasm-plugin.ts;
// - a null match or port, and a port outside 1..65535, are the schema's (no null list items, `minimum`/`maximum`);
// - selector and targetRefs together is the CRD's CEL rule (`<= 1`); an empty or wildcard selector label, a
//   targetRef without a name or with a namespace are the CRD's `minLength`/CEL rules.
import { Fields, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkPolicyTargets } from './selectors';
import { checkBytes, checkWasmModule } from './wasm-plugin';

/** The webhook's checks of one TrafficExtension. */
export function checkTrafficExtension(spec: Fields, report: Report): void {
  checkPolicyTargets({ selector: spec.selector, targetRefs: spec.targetRefs }, report);
  const lua = record(spec.lua);
  if (lua) checkBytes(lua.inlineCode, 65536, 'Lua inlineCode', 'spec.lua.inlineCode', report);
  const wasm = record(spec.wasm);
  if (wasm) checkWasmModule(wasm, 'spec.wasm', report);
}
