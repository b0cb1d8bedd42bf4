// Preloaded (node --require) into every task the process runtime starts: the agent's "no
// internet yet" stance. Tasks never reach the real internet; until the network model decides
// per task what is reachable, every fetch fails at once the way it does from a subnet with no
// route out (a connect timeout, reported without the wait). Node's built-in fetch ignores
// HTTP(S)_PROXY, so replacing globalThis.fetch before the app runs is the only lever that needs
// no change to the image.
const fixtures = process.env.DOJO_FETCH_FIXTURES ? JSON.parse(process.env.DOJO_FETCH_FIXTURES) : {};
delete process.env.DOJO_FETCH_FIXTURES;

globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (Object.prototype.hasOwnProperty.call(fixtures, url)) {
    return new Response(JSON.stringify(fixtures[url]), { headers: { 'content-type': 'application/json' } });
  }
  const host = new URL(url).host;
  const cause = Object.assign(new Error(`Connect Timeout Error (attempted address: ${host}, no route to the internet from this task)`), {
    name: 'ConnectTimeoutError',
    code: 'UND_ERR_CONNECT_TIMEOUT',
  });
  throw new TypeError('fetch failed', { cause });
};
