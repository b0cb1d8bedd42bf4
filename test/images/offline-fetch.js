// Preloaded with `node --require` into the staged sample so a test never reaches the internet.
// Node 20's built-in fetch ignores HTTP(S)_PROXY, so no environment variable can redirect it;
// replacing globalThis.fetch before index.js runs needs no change to the sample. The article's
// todo URL gets a fixture answer (so the sample goes on to load the AWS SDK from the staged
// node_modules); any other URL fails at once, the way undici reports a refused connection.
const TODO_URL = 'https://jsonplaceholder.typicode.com/todos/1';
const TODO = { userId: 1, id: 1, title: 'delectus aut autem', completed: false };

globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url === TODO_URL) return new Response(JSON.stringify(TODO), { headers: { 'content-type': 'application/json' } });
  throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED (offline test: ${url})`), { code: 'ECONNREFUSED' }) });
};
