'use strict';
// Preloaded (node --require) into each Node container of a task, in both runtimes: the task meets
// exactly the network its VPC gives it, as the harness worked it out per destination and handed
// it over in DOJO_TASK_NETWORK (JSON; the shape is TaskNetwork in harness/network/task-network-spec.ts).
// - The task's own endpoints (gateway port, credentials and metadata endpoints) are untouched.
// - A destination the harness serves ('fixture') goes to the task's fixture listener instead; TLS
//   keeps the real host name (SNI and certificate check), presents the task's client certificate,
//   and trusts the harness CA besides the usual roots. Verification stays on.
// - Anything else fails as from a VPC with no path there: a connect timeout, after a second rather
//   than the two minutes the kernel would take.
// - Without DNS in the VPC, a name fails to resolve (EAI_AGAIN: the VPC's resolver does not answer).
// Every TCP connection of Node's (net.connect, http.Agent, tls.connect, fetch's undici) goes
// through net.Socket.prototype.connect, so that is the gate. tls.connect is wrapped as well, since
// a TLS socket's name and certificates are fixed before it connects.
// One file, no dependencies: the Docker runtime bind-mounts only this file into the container.

const dns = require('node:dns');
const net = require('node:net');
const tls = require('node:tls');
const util = require('node:util');
const { isMainThread } = require('node:worker_threads');

const ENV = 'DOJO_TASK_NETWORK';
const CONNECT_TIMEOUT_MS = 1000;
/** As Docker's resolver with `timeout:1 attempts:1`, which the Docker runtime sets. */
const DNS_TIMEOUT_MS = 1000;

const network = readNetwork();
const own = new Set(network.own.map(ownKey));
const fixtureTargets = new Set();
const rules = new Map();
for (const rule of network.connections) {
  rules.set(endpointKey(rule.host, rule.port), rule);
  if (rule.address) rules.set(endpointKey(rule.address, rule.port), rule);
  if (rule.action === 'fixture') fixtureTargets.add(endpointKey(rule.to.host, rule.to.port));
}
const addresses = new Map(network.connections.filter((rule) => rule.address).map((rule) => [hostKey(rule.host), rule.address]));

function readNetwork() {
  const raw = process.env[ENV];
  delete process.env[ENV];
  if (raw === undefined) {
    // A worker thread gets a copy of process.env made after the main thread deleted the
    // variable: it can only fail closed.
    if (!isMainThread) return { dns: false, connections: [], defaultAction: 'timeout', own: [] };
    throw new Error(`task-network.js was preloaded without ${ENV}, the task's network the ECS agent hands its containers. ` +
      'Run the container through the agent, or set the variable as harness/network/task-network-spec.ts describes.');
  }
  let value;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${ENV} is not JSON (${error.message}); it must be a TaskNetwork as harness/network/task-network-spec.ts describes.`);
  }
  return validNetwork(value);
}

function validNetwork(value) {
  const fail = (where, what, rule) => {
    throw new Error(`${ENV}${where} is ${JSON.stringify(what)}; ${rule} (see TaskNetwork in harness/network/task-network-spec.ts).`);
  };
  if (value === null || typeof value !== 'object') fail('', value, 'it must be an object');
  if (typeof value.dns !== 'boolean') fail('.dns', value.dns, 'it must be true or false');
  if (value.defaultAction !== 'timeout') fail('.defaultAction', value.defaultAction, 'the only default is "timeout"');
  if (!Array.isArray(value.own) || value.own.some((entry) => typeof entry !== 'string' || !/^(\[[^\]]+\]|[^:]+):\d+$/.test(entry))) {
    fail('.own', value.own, 'it must be a list of "host:port" strings ("[::1]:80" for IPv6)');
  }
  if (!Array.isArray(value.connections)) fail('.connections', value.connections, 'it must be a list');
  value.connections.forEach((rule, index) => {
    const where = `.connections[${index}]`;
    if (rule === null || typeof rule !== 'object') fail(where, rule, 'it must be an object');
    if (typeof rule.host !== 'string' || rule.host === '') fail(`${where}.host`, rule.host, 'it must be a host name or address');
    if (!isPort(rule.port)) fail(`${where}.port`, rule.port, 'it must be a port number');
    if (rule.address !== undefined && !net.isIP(rule.address)) fail(`${where}.address`, rule.address, 'it must be an IP address');
    if (rule.action === 'fixture') {
      if (!rule.to || typeof rule.to.host !== 'string' || !isPort(rule.to.port)) fail(`${where}.to`, rule.to, 'a fixture connection needs { host, port } of the fixture listener');
      if (!value.tls || ['ca', 'cert', 'key'].some((part) => typeof value.tls[part] !== 'string')) fail('.tls', value.tls, 'a fixture connection needs { ca, cert, key } in PEM');
    } else if (rule.action !== 'timeout') {
      fail(`${where}.action`, rule.action, 'it must be "fixture" or "timeout"');
    }
  });
  return value;
}

function isPort(value) {
  return Number.isInteger(value) && value > 0 && value < 65536;
}

function hostKey(host) {
  let key = String(host).toLowerCase();
  if (key.startsWith('[') && key.endsWith(']')) key = key.slice(1, -1);
  if (key.endsWith('.')) key = key.slice(0, -1);
  return key;
}

function endpointKey(host, port) {
  return `${hostKey(host)}|${port}`;
}

function ownKey(entry) {
  const colon = entry.lastIndexOf(':');
  return endpointKey(entry.slice(0, colon), Number(entry.slice(colon + 1)));
}

/** A name the system resolves without DNS (the hosts file), so it works in a VPC without DNS too. */
function resolvesWithoutDns(host) {
  return host === 'localhost';
}

/**
 * What happens to a connection to host:port: { pass } untouched, { redirect: { host, port } },
 * or { fail(socket) } after `delayMs`.
 */
function decide(host, port) {
  const key = endpointKey(host, port);
  if (own.has(key) || fixtureTargets.has(key)) return { pass: true };
  const name = hostKey(host);
  if (!network.dns && !net.isIP(name) && !resolvesWithoutDns(name)) {
    return {
      delayMs: DNS_TIMEOUT_MS,
      fail(socket) {
        const error = systemError('EAI_AGAIN', `getaddrinfo EAI_AGAIN ${name}`, { syscall: 'getaddrinfo', hostname: name });
        socket.emit('lookup', error, undefined, undefined, name);
        socket.destroy(error);
      },
    };
  }
  const rule = rules.get(key);
  if (rule && rule.action === 'fixture') return { redirect: rule.to };
  const address = (rule && rule.address) || name;
  return {
    delayMs: CONNECT_TIMEOUT_MS,
    fail(socket) {
      socket.destroy(systemError('ETIMEDOUT', `connect ETIMEDOUT ${address}:${port}`, { syscall: 'connect', address, port }));
    },
  };
}

/**
 * An error shaped as Node's own for this system error: errno for this platform, then code, then
 * the details; its stack keeps Node's frames only, as the real one shows no caller's.
 */
function systemError(code, message, details) {
  const error = new Error(message);
  error.stack = error.stack.split('\n').filter((line) => !line.includes(__filename)).join('\n');
  const known = [...util.getSystemErrorMap()].find(([, [name]]) => name === code);
  return Object.assign(error, { errno: known ? known[0] : undefined, code }, details);
}

/** The port Node would connect to, or undefined where Node itself refuses the arguments. */
function connectPort(port) {
  if (typeof port !== 'number' && typeof port !== 'string') return undefined;
  if (typeof port === 'string' && port.trim() === '') return undefined;
  const number = +port;
  return number === number >>> 0 && number <= 0xffff ? number : undefined;
}

/**
 * The options and callback of net's and tls's connect(options[, cb]) / (port[, host][, options][, cb])
 * / (path[, options][, cb]); net passes its own normalised [options, cb] array inside.
 */
function connectArgs(args) {
  if (Array.isArray(args[0])) return { options: args[0][0], callback: args[0][1] };
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const [first, second, third] = args;
  let options;
  if (first !== null && typeof first === 'object') {
    options = { ...first };
  } else if (typeof first === 'string' && !(Number(first) >= 0)) {
    options = { path: first };
  } else {
    options = { port: first };
    if (typeof second === 'string') options.host = second;
  }
  const extra = [second, third].find((arg) => arg !== null && typeof arg === 'object');
  if (extra && extra !== first) Object.assign(options, extra);
  return { options, callback };
}

const realSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const { options, callback } = connectArgs(args);
  const port = connectPort(options.port);
  // A local socket path is no network; arguments Node refuses are left for Node to refuse.
  if (options.path || port === undefined) return realSocketConnect.apply(this, args);
  const host = options.host || 'localhost';
  const decision = decide(host, port);
  if (decision.pass) return realSocketConnect.apply(this, args);
  if (decision.redirect) return realSocketConnect.call(this, { ...options, host: decision.redirect.host, port: decision.redirect.port }, callback);
  // As Node does while a connection is pending: writes wait, `connecting` is true, the callback
  // waits for 'connect' (which never comes).
  this.connecting = true;
  if (callback) this.once('connect', callback);
  const timer = setTimeout(() => decision.fail(this), decision.delayMs);
  this.once('close', () => clearTimeout(timer));
  return this;
};

const realTlsConnect = tls.connect;
tls.connect = function connect(...args) {
  const { options, callback } = connectArgs(args);
  const port = connectPort(options.port);
  // Over a socket the caller made, the connection was already decided when that socket connected.
  if (options.socket || options.path || port === undefined) return realTlsConnect.apply(this, args);
  const host = options.host || 'localhost';
  const decision = decide(host, port);
  if (!decision.redirect) return realTlsConnect.apply(this, args);
  const name = hostKey(host);
  const fixtureOptions = {
    ...options,
    host: decision.redirect.host,
    port: decision.redirect.port,
    servername: options.servername !== undefined ? options.servername : net.isIP(name) ? undefined : name,
    ca: [...(options.ca ? [].concat(options.ca) : tls.rootCertificates), network.tls.ca],
    cert: network.tls.cert,
    key: network.tls.key,
  };
  // The fixture demands this task's certificate, so a caller's own context or PFX cannot apply.
  delete fixtureOptions.secureContext;
  delete fixtureOptions.pfx;
  delete fixtureOptions.passphrase;
  return callback ? realTlsConnect.call(this, fixtureOptions, callback) : realTlsConnect.call(this, fixtureOptions);
};

/** What dns.lookup answers for `hostname`: undefined to ask the system, { error } or { address }. */
function lookupAnswer(hostname) {
  if (typeof hostname !== 'string' || hostname === '') return undefined;
  const name = hostKey(hostname);
  if (net.isIP(name) || resolvesWithoutDns(name)) return undefined;
  if (!network.dns) return { error: () => systemError('EAI_AGAIN', `getaddrinfo EAI_AGAIN ${name}`, { syscall: 'getaddrinfo', hostname: name }) };
  const address = addresses.get(name);
  return address ? { address } : undefined;
}

function lookupFamily(options) {
  if (typeof options === 'number') return options;
  if (options && typeof options === 'object' && options.family) return options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : Number(options.family);
  return 0;
}

/** Calls back (err, address, family), or (err, [{ address, family }]) with `all`, as dns.lookup does. */
function answerLookup(hostname, options, answer, callback) {
  const all = Boolean(options && typeof options === 'object' && options.all);
  if (answer.error) {
    setTimeout(() => callback(answer.error()), DNS_TIMEOUT_MS);
    return;
  }
  const family = net.isIP(answer.address);
  const wanted = lookupFamily(options);
  process.nextTick(() => {
    if (wanted && wanted !== family) {
      const name = hostKey(hostname);
      callback(systemError('ENOTFOUND', `getaddrinfo ENOTFOUND ${name}`, { syscall: 'getaddrinfo', hostname: name }));
    } else if (all) {
      callback(null, [{ address: answer.address, family }]);
    } else {
      callback(null, answer.address, family);
    }
  });
}

const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const answer = lookupAnswer(hostname);
  if (!answer) return realLookup.apply(this, arguments);
  const done = typeof options === 'function' ? options : callback;
  answerLookup(hostname, typeof options === 'function' ? undefined : options, answer, done);
  return {};
};

const realPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function lookup(hostname, options) {
  const answer = lookupAnswer(hostname);
  if (!answer) return realPromisesLookup.apply(this, arguments);
  return new Promise((resolve, reject) => {
    answerLookup(hostname, options, answer, (error, address, family) => {
      if (error) reject(error);
      else resolve(Array.isArray(address) ? address : { address, family });
    });
  });
};
