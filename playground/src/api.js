// The playground's JSON endpoints, served by `regel playground` itself.
// An answer that is not 2xx is still JSON: `{"fel":[…]}` and, for rules that do not compile,
// `diagnostiker`; callers get { ok, status, data } and decide what to show.

async function call(method, url, body) {
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body ? { 'Content-Type': 'application/json; charset=utf-8' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    return failure(0, `Kunde inte nå servern (${e.message}). Är regel playground fortfarande igång?`);
  }
  let data;
  try {
    data = await res.json();
  } catch {
    return failure(res.status, `Servern svarade med något som inte är JSON (HTTP ${res.status}).`);
  }
  return { ok: res.ok, status: res.status, data };
}

function failure(status, meddelande) {
  return { ok: false, status, data: { fel: [{ kod: '', meddelande }] } };
}

export const listRulesets = () => call('GET', '/v1/lekplats/regelverk');
export const getRuleset = (namn) => call('GET', `/v1/lekplats/regelverk/${encodeURIComponent(namn)}`);
export const check = (källkod) => call('POST', '/v1/lekplats/kontroll', { källkod });
export const decide = (källkod, ärende, datum) =>
  call('POST', '/v1/lekplats/beslut', datum ? { källkod, ärende, datum } : { källkod, ärende });
export const runExamples = (källkod) => call('POST', '/v1/lekplats/exempel', { källkod });

// The errors of a failed answer as lines "R0603 vuxna[0].ålder: …".
export function errorLines(data) {
  return (data?.fel ?? []).map((f) =>
    [f.kod, f.sökväg].filter(Boolean).join(' ') + (f.kod || f.sökväg ? ': ' : '') + f.meddelande);
}
