// The clients the pipeline benchmark compares, each pointed at the one
// loopback server (bench/server.mjs), each sending the request its users send
// for "fetch one resource" (GET) and "create one resource" (POST). A variant
// names the vendor shape it speaks; its ratio is taken against raw fetch on
// the same shape, so response size and parsing cost cancel out.
import { globalAgent, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createApiClient } from '@org/core/client';
import { createOperationResolver, createTransport, defaultPolicies } from '@org/core/transport';
import { createTwilioClient, operationTable } from '@org/twilio-client';
import Bottleneck from 'bottleneck';
import OpenAI from 'openai';
import createClient from 'openapi-fetch';
import pRetry from 'p-retry';
import twilio from 'twilio';
import { request as undiciRequest } from 'undici';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BASIC,
  corePolicies,
  form,
  MESSAGE,
  MESSAGE_SID,
  MESSAGES,
  policiesReady,
  SMS,
  subscribedBus,
  twilioApiClientOptions,
} from './pipeline-policies.mjs';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };
const ISSUE = { title: 'Found a bug', body: "I'm having a problem with this." };
const GITHUB_TOKEN = 'ghp_benchToken0123456789abcdef0123456789';
const OPENAI_KEY = 'sk-bench-0123456789abcdef';

const expectTwilio = (data) => data?.sid === MESSAGE_SID;
const expectOpenAI = {
  GET: (data) => data?.id === 'gpt-4o-mini',
  POST: (data) => data?.object === 'chat.completion',
};
const expectGitHub = (data) => data?.number === 1347;

/** openapi-fetch answers `{ data, error, response }`; a benchmark call must not hide an error. */
function dataOf(result) {
  if (result.error !== undefined) throw new Error(`unexpected error ${result.response.status}`);
  return result.data;
}

async function json(response) {
  if (!response.ok) throw new Error(`unexpected status ${response.status}`);
  return response.json();
}

/**
 * Twilio's documented way to change how the SDK sends requests is a custom
 * `httpClient` (https://www.twilio.com/docs/libraries/reference/twilio-node/#custom-http-client).
 * This one is the SDK's own RequestClient (axios, its keep-alive agent), with
 * two changes only: each request goes to the loopback origin instead of
 * https://api.twilio.com, and the keep-alive agent the SDK builds for HTTPS is
 * built for plain HTTP, which loopback speaks.
 */
class LoopbackRequestClient extends twilio.RequestClient {
  constructor(base) {
    super({ keepAlive: true });
    this.base = new URL(base);
    this.axios.defaults.httpAgent = new HttpAgent({ keepAlive: true });
  }

  request(opts) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request({ ...opts, uri: uri.href });
  }
}

/** Builds every variant against `base`; returns them with the telemetry subscribers' counters. */
export async function createVariants(base) {
  const twilioBus = subscribedBus();
  const apiBus = subscribedBus();
  const transportBus = subscribedBus();

  const plain = createClient({
    baseUrl: base,
    headers: { authorization: BASIC },
    bodySerializer: form,
  });

  const limiter = new Bottleneck({ maxConcurrent: 100 });
  const diyFetch = (request) =>
    limiter.schedule(() =>
      pRetry(
        async () => {
          const response = await fetch(request.clone());
          if (response.status === 429 || response.status >= 500)
            throw new Error(`retryable ${response.status}`);
          return response;
        },
        { retries: 3 },
      ),
    );
  const diy = createClient({
    baseUrl: base,
    fetch: diyFetch,
    headers: { authorization: BASIC },
    bodySerializer: form,
  });

  const transportPolicies = corePolicies();
  const transport = createTransport({
    vendor: 'twilio',
    tenant: ACCOUNT_SID,
    events: transportBus.bus,
    resolveOperation: createOperationResolver(operationTable),
    policies: defaultPolicies(transportPolicies),
  });

  const ours = createTwilioClient({
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    baseUrl: base,
    events: twilioBus.bus,
  });
  const apiOptions = twilioApiClientOptions(base, apiBus.bus);
  const oursWithTelemetry = createApiClient(apiOptions);
  await Promise.all([policiesReady(apiOptions), policiesReady(transportPolicies)]);

  const twilioSdk = twilio(ACCOUNT_SID, AUTH_TOKEN, {
    httpClient: new LoopbackRequestClient(base),
  });
  const openai = new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${base}/v1` });
  const octokit = new Octokit({ baseUrl: base, auth: GITHUB_TOKEN });
  const ThrottledOctokit = Octokit.plugin(retry, throttling);
  const octokitFull = new ThrottledOctokit({
    baseUrl: base,
    auth: GITHUB_TOKEN,
    // The handlers the plugin requires; retry once, as its README example does.
    throttle: {
      onRateLimit: (_after, _options, _octokit, retryCount) => retryCount < 1,
      onSecondaryRateLimit: (_after, _options, _octokit, retryCount) => retryCount < 1,
    },
  });

  const twilioRaw = {
    GET: async () =>
      json(
        await fetch(`${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`, {
          headers: { authorization: BASIC },
        }),
      ),
    POST: async () =>
      json(
        await fetch(`${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
          method: 'POST',
          headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          body: form(SMS),
        }),
      ),
  };
  // Node's own client by hand, on its keep-alive global agent: the floor of
  // @org/core's engine "node-http" (the default, "auto", sends on undici's
  // dispatcher, whose floor the undici.request row shows).
  const nodeHttpJson = (url, method, headers, body) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const req = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          method,
          headers:
            body === undefined
              ? headers
              : { ...headers, 'content-length': Buffer.byteLength(body) },
          agent: globalAgent,
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const path = { params: { path: { AccountSid: ACCOUNT_SID, Sid: MESSAGE_SID } } };
  const create = {
    params: { path: { AccountSid: ACCOUNT_SID } },
    body: SMS,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };

  const variants = [
    { name: 'raw fetch', shape: 'twilio', baseline: true, expect: expectTwilio, ...twilioRaw },
    {
      name: 'undici.request',
      shape: 'twilio',
      expect: expectTwilio,
      GET: async () =>
        (
          await undiciRequest(
            `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`,
            { headers: { authorization: BASIC } },
          )
        ).body.json(),
      POST: async () =>
        (
          await undiciRequest(`${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
            method: 'POST',
            headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
            body: form(SMS),
          })
        ).body.json(),
    },
    {
      name: 'raw node:http',
      shape: 'twilio',
      expect: expectTwilio,
      GET: () =>
        nodeHttpJson(
          `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`,
          'GET',
          { authorization: BASIC },
        ),
      POST: () =>
        nodeHttpJson(
          `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
          'POST',
          { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
          form(SMS),
        ),
    },
    {
      name: 'openapi-fetch alone',
      shape: 'twilio',
      expect: expectTwilio,
      GET: async () => dataOf(await plain.GET(MESSAGE, path)),
      POST: async () => dataOf(await plain.POST(MESSAGES, create)),
    },
    {
      name: 'openapi-fetch + bottleneck + p-retry',
      shape: 'twilio',
      expect: expectTwilio,
      GET: async () => dataOf(await diy.GET(MESSAGE, path)),
      POST: async () => dataOf(await diy.POST(MESSAGES, create)),
    },
    {
      name: '@org/core transport alone (all policies, no openapi-fetch)',
      shape: 'twilio',
      expect: expectTwilio,
      GET: async () =>
        json(
          await transport(
            `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`,
          ),
        ),
      POST: async () =>
        json(
          await transport(`${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form(SMS),
          }),
        ),
    },
    {
      name: '@org/twilio-client (createTwilioClient defaults)',
      shape: 'twilio',
      ours: true,
      expect: expectTwilio,
      GET: async () => dataOf(await ours.GET(MESSAGE, path)),
      POST: async () => dataOf(await ours.POST(MESSAGES, { params: create.params, body: SMS })),
    },
    {
      name: '@org/twilio-client full pipeline (defaults + telemetry)',
      shape: 'twilio',
      ours: true,
      full: true,
      expect: expectTwilio,
      GET: async () => dataOf(await oursWithTelemetry.GET(MESSAGE, path)),
      POST: async () => dataOf(await oursWithTelemetry.POST(MESSAGES, create)),
    },
    {
      name: 'twilio (official SDK)',
      shape: 'twilio',
      expect: expectTwilio,
      GET: async () => (await twilioSdk.messages(MESSAGE_SID).fetch()).toJSON(),
      POST: async () =>
        (await twilioSdk.messages.create({ to: SMS.To, from: SMS.From, body: SMS.Body })).toJSON(),
    },
    {
      name: 'raw fetch',
      shape: 'openai',
      baseline: true,
      expect: (data) => expectOpenAI.GET(data) || expectOpenAI.POST(data),
      GET: async () =>
        json(
          await fetch(`${base}/v1/models/gpt-4o-mini`, {
            headers: { authorization: `Bearer ${OPENAI_KEY}` },
          }),
        ),
      POST: async () =>
        json(
          await fetch(`${base}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${OPENAI_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify(CHAT),
          }),
        ),
    },
    {
      name: 'openai (official SDK)',
      shape: 'openai',
      expect: (data) => expectOpenAI.GET(data) || expectOpenAI.POST(data),
      GET: () => openai.models.retrieve('gpt-4o-mini'),
      POST: () => openai.chat.completions.create(CHAT),
    },
    {
      name: 'raw fetch',
      shape: 'github',
      baseline: true,
      expect: expectGitHub,
      GET: async () =>
        json(
          await fetch(`${base}/repos/octocat/Hello-World/issues/1347`, {
            headers: {
              authorization: `token ${GITHUB_TOKEN}`,
              accept: 'application/vnd.github+json',
            },
          }),
        ),
      POST: async () =>
        json(
          await fetch(`${base}/repos/octocat/Hello-World/issues`, {
            method: 'POST',
            headers: {
              authorization: `token ${GITHUB_TOKEN}`,
              accept: 'application/vnd.github+json',
              'content-type': 'application/json',
            },
            body: JSON.stringify(ISSUE),
          }),
        ),
    },
    {
      name: '@octokit/core',
      shape: 'github',
      expect: expectGitHub,
      GET: async () =>
        (
          await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
            owner: 'octocat',
            repo: 'Hello-World',
            issue_number: 1347,
          })
        ).data,
      POST: async () =>
        (
          await octokit.request('POST /repos/{owner}/{repo}/issues', {
            owner: 'octocat',
            repo: 'Hello-World',
            ...ISSUE,
          })
        ).data,
    },
    {
      name: '@octokit/core + retry + throttling',
      shape: 'github',
      expect: expectGitHub,
      // The throttling plugin's write group starts at most one write per
      // second (GitHub's guidance for content-creating requests:
      // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests),
      // so its POST figure is that pacing, measured once, not overhead.
      pacedPost: true,
      GET: async () =>
        (
          await octokitFull.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
            owner: 'octocat',
            repo: 'Hello-World',
            issue_number: 1347,
          })
        ).data,
      POST: async () =>
        (
          await octokitFull.request('POST /repos/{owner}/{repo}/issues', {
            owner: 'octocat',
            repo: 'Hello-World',
            ...ISSUE,
          })
        ).data,
    },
  ];
  const events = {
    createTwilioClient: twilioBus.received,
    fullPipeline: apiBus.received,
    transport: transportBus.received,
  };
  return { variants, events };
}
