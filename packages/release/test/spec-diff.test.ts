import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Bump, type ChangeKind, diffSpecs, requiredBump } from '../src/index.js';

const base = JSON.parse(
  readFileSync(new URL('./fixtures/specs/messages.json', import.meta.url), 'utf8'),
) as Record<string, any>;

interface Row {
  name: string;
  edit: (spec: any) => void;
  changes: [ChangeKind, string][];
  bump: Bump;
}

const M = '/components/schemas/Message/properties';
const C = '/components/schemas/CreateMessage/properties';

const rows: Row[] = [
  { name: 'identical specs', edit: () => {}, changes: [], bump: 'none' },
  {
    name: 'operation summary reworded',
    edit: (s) => {
      s.paths['/messages'].get.summary = 'List the messages of the account';
    },
    changes: [['documentation-changed', '/paths/~1messages/get/summary']],
    bump: 'patch',
  },
  {
    name: 'schema description and example added',
    edit: (s) => {
      s.components.schemas.Message.properties.sid.description = 'Message SID';
      s.components.schemas.Message.properties.sid.example = 'SM00';
    },
    changes: [
      ['documentation-changed', `${M}/sid/description`],
      ['documentation-changed', `${M}/sid/example`],
    ],
    bump: 'patch',
  },
  {
    name: 'info.version bumped by the vendor',
    edit: (s) => {
      s.info.version = '1.1.0';
    },
    changes: [['documentation-changed', '/info/version']],
    bump: 'patch',
  },
  {
    name: 'operation removed',
    edit: (s) => {
      delete s.paths['/messages/{Sid}'].delete;
    },
    changes: [['operation-removed', '/paths/~1messages~1{Sid}/delete']],
    bump: 'major',
  },
  {
    name: 'whole path removed',
    edit: (s) => {
      delete s.paths['/messages/{Sid}'];
    },
    changes: [
      ['operation-removed', '/paths/~1messages~1{Sid}/get'],
      ['operation-removed', '/paths/~1messages~1{Sid}/delete'],
    ],
    bump: 'major',
  },
  {
    name: 'operation added',
    edit: (s) => {
      s.paths['/messages/{Sid}'].patch = { responses: { 200: { description: 'ok' } } };
    },
    changes: [['operation-added', '/paths/~1messages~1{Sid}/patch']],
    bump: 'minor',
  },
  {
    name: 'new required query parameter',
    edit: (s) => {
      s.paths['/messages'].get.parameters.push({
        name: 'DateSent',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      });
    },
    changes: [['required-parameter-added', '/paths/~1messages/get/parameters/2']],
    bump: 'major',
  },
  {
    name: 'new optional query parameter',
    edit: (s) => {
      s.paths['/messages'].get.parameters.push({
        name: 'From',
        in: 'query',
        schema: { type: 'string' },
      });
    },
    changes: [['optional-parameter-added', '/paths/~1messages/get/parameters/2']],
    bump: 'minor',
  },
  {
    name: 'shared parameter became required (reported once at its $ref target)',
    edit: (s) => {
      s.components.parameters.To.required = true;
    },
    changes: [['parameter-became-required', '/components/parameters/To/required']],
    bump: 'major',
  },
  {
    name: 'parameter removed',
    edit: (s) => {
      s.paths['/messages'].get.parameters.shift();
    },
    changes: [['parameter-removed', '/paths/~1messages/get/parameters/0']],
    bump: 'major',
  },
  {
    name: 'header parameter name changes case only',
    edit: (s) => {
      s.paths['/messages'].parameters[0].name = 'x-account';
    },
    changes: [],
    bump: 'none',
  },
  {
    name: 'response field removed',
    edit: (s) => {
      delete s.components.schemas.Message.properties.price;
    },
    changes: [['response-field-removed', `${M}/price`]],
    bump: 'major',
  },
  {
    name: 'response field added',
    edit: (s) => {
      s.components.schemas.Message.properties.num_segments = { type: 'string' };
    },
    changes: [['response-field-added', `${M}/num_segments`]],
    bump: 'minor',
  },
  {
    name: 'response field no longer required',
    edit: (s) => {
      s.components.schemas.Message.required = ['sid'];
    },
    changes: [['response-field-became-optional', `${M}/status`]],
    bump: 'major',
  },
  {
    name: 'new required request field',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.MessagingServiceSid = { type: 'string' };
      s.components.schemas.CreateMessage.required.push('MessagingServiceSid');
    },
    changes: [['required-request-field-added', `${C}/MessagingServiceSid`]],
    bump: 'major',
  },
  {
    name: 'new optional request field',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.StatusCallback = {
        type: 'string',
        format: 'uri',
      };
    },
    changes: [['optional-request-field-added', `${C}/StatusCallback`]],
    bump: 'minor',
  },
  {
    name: 'request field became optional',
    edit: (s) => {
      s.components.schemas.CreateMessage.required = ['To'];
    },
    changes: [['request-field-became-optional', `${C}/Body`]],
    bump: 'minor',
  },
  {
    name: 'enum value removed',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.Priority.enum = ['low'];
    },
    changes: [['enum-value-removed', `${C}/Priority/enum`]],
    bump: 'major',
  },
  {
    name: 'enum widened',
    edit: (s) => {
      s.components.schemas.Message.properties.status.enum.push('failed');
    },
    changes: [['enum-value-added', `${M}/status/enum`]],
    bump: 'minor',
  },
  {
    name: 'enum introduced on a free string',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.From.enum = ['+15005550006'];
    },
    changes: [['enum-introduced', `${C}/From/enum`]],
    bump: 'major',
  },
  {
    name: 'nullable removed narrows the type',
    edit: (s) => {
      delete s.components.schemas.Message.properties.body.nullable;
    },
    changes: [['type-narrowed', `${M}/body/nullable`]],
    bump: 'major',
  },
  {
    name: 'number narrowed to integer',
    edit: (s) => {
      s.components.schemas.Message.properties.price.type = 'integer';
    },
    changes: [['type-narrowed', `${M}/price/type`]],
    bump: 'major',
  },
  {
    name: 'integer widened to number',
    edit: (s) => {
      s.components.schemas.Error.properties.code.type = 'number';
    },
    changes: [['type-widened', '/components/schemas/Error/properties/code/type']],
    bump: 'minor',
  },
  {
    name: 'type changed to an unrelated one',
    edit: (s) => {
      s.components.schemas.Message.properties.sid.type = 'integer';
    },
    changes: [['type-changed', `${M}/sid/type`]],
    bump: 'major',
  },
  {
    name: 'array item type changed',
    edit: (s) => {
      s.components.schemas.Message.properties.media.items = { type: 'object' };
    },
    changes: [['type-changed', `${M}/media/items/type`]],
    bump: 'major',
  },
  {
    name: 'maxLength lowered',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.Body.maxLength = 160;
    },
    changes: [['constraint-tightened', `${C}/Body/maxLength`]],
    bump: 'major',
  },
  {
    name: 'maximum raised',
    edit: (s) => {
      s.paths['/messages'].get.parameters[0].schema.maximum = 5000;
    },
    changes: [['constraint-relaxed', '/paths/~1messages/get/parameters/0/schema/maximum']],
    bump: 'minor',
  },
  {
    name: 'pattern removed from a path parameter',
    edit: (s) => {
      delete s.paths['/messages/{Sid}'].parameters[0].schema.pattern;
    },
    changes: [['constraint-relaxed', '/paths/~1messages~1{Sid}/parameters/0/schema/pattern']],
    bump: 'minor',
  },
  {
    name: 'oneOf variant added, and one removed',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.Attachment.oneOf = [
        { type: 'string' },
        { type: 'integer' },
      ];
    },
    changes: [
      ['type-narrowed', `${C}/Attachment/oneOf/0`],
      ['type-widened', `${C}/Attachment/oneOf/1`],
    ],
    bump: 'major',
  },
  {
    name: 'oneOf variants reordered',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.Attachment.oneOf.reverse();
    },
    changes: [],
    bump: 'none',
  },
  {
    name: 'error response removed',
    edit: (s) => {
      delete s.paths['/messages'].post.responses.default;
    },
    changes: [['response-removed', '/paths/~1messages/post/responses/default']],
    bump: 'major',
  },
  {
    name: 'response added',
    edit: (s) => {
      s.paths['/messages/{Sid}'].get.responses['404'] = { $ref: '#/components/responses/Error' };
    },
    changes: [['response-added', '/paths/~1messages~1{Sid}/get/responses/404']],
    bump: 'minor',
  },
  {
    name: 'response header removed',
    edit: (s) => {
      delete s.paths['/messages'].post.responses['201'].headers;
    },
    changes: [
      ['response-field-removed', '/paths/~1messages/post/responses/201/headers/X-Request-Id'],
    ],
    bump: 'major',
  },
  {
    name: 'request media type added',
    edit: (s) => {
      s.paths['/messages'].post.requestBody.content['application/json'] = {
        schema: { $ref: '#/components/schemas/CreateMessage' },
      };
    },
    changes: [['media-type-added', '/paths/~1messages/post/requestBody/content/application~1json']],
    bump: 'minor',
  },
  {
    name: 'request body became optional',
    edit: (s) => {
      s.paths['/messages'].post.requestBody.required = false;
    },
    changes: [['request-body-became-optional', '/paths/~1messages/post/requestBody/required']],
    bump: 'minor',
  },
  {
    name: 'operationId renamed',
    edit: (s) => {
      s.paths['/messages'].post.operationId = 'sendMessage';
    },
    changes: [['operation-id-changed', '/paths/~1messages/post/operationId']],
    bump: 'major',
  },
  {
    name: 'security requirement changed for one operation',
    edit: (s) => {
      s.paths['/messages/{Sid}'].delete.security = [];
    },
    changes: [['security-changed', '/paths/~1messages~1{Sid}/delete/security']],
    bump: 'major',
  },
  {
    name: 'operation deprecated',
    edit: (s) => {
      s.paths['/messages/{Sid}'].delete.deprecated = true;
    },
    changes: [['deprecated', '/paths/~1messages~1{Sid}/delete/deprecated']],
    bump: 'minor',
  },
  {
    name: 'change inside a recursive schema is found once, and the walk ends',
    edit: (s) => {
      s.components.schemas.Message.properties.replies.items = {
        $ref: '#/components/schemas/Message',
        description: 'a reply',
      };
      delete s.components.schemas.Message.properties.media;
    },
    changes: [['response-field-removed', `${M}/media`]],
    bump: 'major',
  },
  {
    name: 'unreferenced schema added',
    edit: (s) => {
      s.components.schemas.Usage = { type: 'object' };
    },
    changes: [['schema-added', '/components/schemas/Usage']],
    bump: 'minor',
  },
  {
    name: 'unknown keyword changed counts as minor',
    edit: (s) => {
      s.components.schemas.CreateMessage.properties.To.default = '+15005550006';
    },
    changes: [['other-changed', `${C}/To/default`]],
    bump: 'minor',
  },
];

describe('diffSpecs', () => {
  it.each(rows)('$name', ({ edit, changes, bump }) => {
    const after = structuredClone(base);
    edit(after);
    const found = diffSpecs(base, after);
    expect(found.map((change) => [change.kind, change.pointer])).toEqual(changes);
    expect(requiredBump(found)).toBe(bump);
  });

  it('says which operation reached a change and what changed', () => {
    const after = structuredClone(base);
    delete after.components.schemas.Message.properties.price;
    expect(diffSpecs(base, after)).toEqual([
      {
        kind: 'response-field-removed',
        bump: 'major',
        pointer: `${M}/price`,
        message: 'response field "price" removed',
        operation: 'GET /messages',
      },
    ]);
  });

  it('reads OpenAPI 3.1 type arrays like 3.0 nullable', () => {
    const before = structuredClone(base);
    const after = structuredClone(base);
    before.openapi = '3.1.0';
    after.openapi = '3.1.0';
    before.components.schemas.Message.properties.body = { type: ['string', 'null'] };
    after.components.schemas.Message.properties.body = { type: 'string' };
    const found = diffSpecs(before, after).filter((c) => c.kind !== 'documentation-changed');
    expect(found.map((c) => [c.kind, c.pointer])).toEqual([['type-narrowed', `${M}/body/type`]]);
  });
});
