export { formBodySerializer, type SerializerHeaders } from './form-body-serializer.js';
export {
  type FormEncodeOptions,
  type FormEncoding,
  type FormEncodingMap,
  type FormStyle,
  formEncode,
} from './form-encode.js';
export {
  isJsonPointer,
  type JsonPatchOperation,
  jsonPatchBody,
  validateJsonPatch,
} from './json-patch.js';
export {
  FORM_MEDIA_TYPE,
  isFormContentType,
  isJsonContentType,
  JSON_PATCH_MEDIA_TYPE,
  MERGE_PATCH_MEDIA_TYPE,
  mediaTypeEssence,
} from './media-type.js';
export { applyMergePatch, createMergePatch } from './merge-patch.js';
export { type RebuildableRequest, rebuildableBody } from './rebuildable-body.js';
