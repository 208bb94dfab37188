// The loopback "vendor" for pipeline benchmarks: one server answering the
// Twilio, OpenAI and GitHub request shapes the benchmarked clients send. A
// child process, so the server's work runs beside the client's instead of
// inside its event loop. Bodies are modeled on each vendor's documented
// example response, so JSON parsing costs what it costs against the real API.
import { createServer } from 'node:http';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const MESSAGE = 'SM0123456789abcdef0123456789abcdef';

// https://www.twilio.com/docs/messaging/api/message-resource#message-properties
const twilioMessage = JSON.stringify({
  account_sid: ACCOUNT,
  api_version: '2010-04-01',
  body: 'hello from the benchmark',
  date_created: 'Thu, 24 Aug 2023 05:01:45 +0000',
  date_sent: 'Thu, 24 Aug 2023 05:01:45 +0000',
  date_updated: 'Thu, 24 Aug 2023 05:01:45 +0000',
  direction: 'outbound-api',
  error_code: null,
  error_message: null,
  from: '+14155552345',
  num_media: '0',
  num_segments: '1',
  price: null,
  price_unit: 'USD',
  messaging_service_sid: null,
  sid: MESSAGE,
  status: 'queued',
  subresource_uris: {
    media: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media.json`,
  },
  to: '+14155552345',
  uri: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}.json`,
});

// https://platform.openai.com/docs/api-reference/chat/object
const chatCompletion = JSON.stringify({
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Hello! How can I help you today?',
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 19,
    completion_tokens: 10,
    total_tokens: 29,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
});

// https://platform.openai.com/docs/api-reference/models/object
const model = JSON.stringify({
  id: 'gpt-4o-mini',
  object: 'model',
  created: 1721172741,
  owned_by: 'system',
});

// https://docs.github.com/en/rest/issues/issues#get-an-issue (trimmed to the common fields)
const user = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  url: 'https://api.github.com/users/octocat',
  html_url: 'https://github.com/octocat',
  type: 'User',
  site_admin: false,
};
const issue = JSON.stringify({
  id: 1,
  node_id: 'MDU6SXNzdWUx',
  url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347',
  repository_url: 'https://api.github.com/repos/octocat/Hello-World',
  labels_url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347/labels{/name}',
  comments_url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347/comments',
  events_url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347/events',
  html_url: 'https://github.com/octocat/Hello-World/issues/1347',
  number: 1347,
  state: 'open',
  title: 'Found a bug',
  body: "I'm having a problem with this.",
  user,
  labels: [
    {
      id: 208045946,
      node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=',
      url: 'https://api.github.com/repos/octocat/Hello-World/labels/bug',
      name: 'bug',
      description: "Something isn't working",
      color: 'f29513',
      default: true,
    },
  ],
  assignee: user,
  assignees: [user],
  milestone: null,
  locked: false,
  comments: 0,
  pull_request: null,
  closed_at: null,
  created_at: '2011-04-22T13:33:48Z',
  updated_at: '2011-04-22T13:33:48Z',
  author_association: 'COLLABORATOR',
});

const routes = [
  {
    method: 'GET',
    pattern: /^\/2010-04-01\/Accounts\/[^/]+\/Messages\/[^/]+\.json$/,
    status: 200,
    body: twilioMessage,
    headers: { 'twilio-request-id': 'RQ0123456789abcdef0123456789abcdef' },
  },
  {
    method: 'POST',
    pattern: /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/,
    status: 201,
    body: twilioMessage,
    headers: { 'twilio-request-id': 'RQ0123456789abcdef0123456789abcdef' },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/models\/[^/]+$/,
    status: 200,
    body: model,
    headers: { 'x-request-id': 'req_0123456789abcdef' },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/chat\/completions$/,
    status: 200,
    body: chatCompletion,
    headers: { 'x-request-id': 'req_0123456789abcdef' },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/[^/]+\/[^/]+\/issues\/\d+$/,
    status: 200,
    body: issue,
    headers: {},
  },
  {
    method: 'POST',
    pattern: /^\/repos\/[^/]+\/[^/]+\/issues$/,
    status: 201,
    body: issue,
    headers: {},
  },
];

// GitHub sends its primary-limit figures on every response
// (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit);
// a budget far from exhausted, so no client here has a reason to slow down.
const githubHeaders = () => ({
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-used': '1',
  'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  'x-ratelimit-resource': 'core',
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const path = req.url.split('?', 1)[0];
    const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) {
      const body = JSON.stringify({ message: `no route for ${req.method} ${path}` });
      res.writeHead(404, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    res.writeHead(route.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(route.body),
      ...route.headers,
      ...(path.startsWith('/repos/') ? githubHeaders() : {}),
    });
    res.end(route.body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
