// Preloaded (node --require) into every task the process runtime starts: the agent's "no
// internet yet" stance. Tasks never reach the real internet; until the network model decides
// per task what is reachable, every fetch fails at once the way it does from a subnet with no
// route out (a connect timeout, reported without the wait). Node's built-in fetch ignores
// HTTP(S)_PROXY, so replacing globalThis.fetch before the app runs is the only lever that needs
// no change to the image.
const fixtures = process.env.DOJO_FETCH_FIXTURES ? JSON.parse(process.env.DOJO_FETCH_FIXTURES) : {};
delete process.env.DOJO_FETCH_FIXTURES;

// The task's own endpoints answer in any VPC (the metadata and credentials endpoints are
// link-local; the gateway port stands for the AWS endpoints): fetch reaches them as usual.
const ownOrigins = new Set(
  ['ECS_CONTAINER_METADATA_URI_V4', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_ENDPOINT_URL']
    .map((name) => process.env[name])
    .filter(Boolean)
    .map((value) => new URL(value).origin),
);
const realFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (ownOrigins.has(new URL(url).origin)) return realFetch(input, init);
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
