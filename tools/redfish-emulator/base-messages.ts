/**
 * The subset of DMTF's Base message registry (DSP8011, Base.1.16.0) the emulator answers with. MessageIds are
 * `Base.<major>.<minor>.<Key>` (DSP0266 §9.6 "Message object"); `%1`… are filled from MessageArgs.
 */
export const BASE_REGISTRY_PREFIX = 'Base.1.16';

/** One registry entry: the text template, severity and resolution from the registry. */
export interface MessageTemplate {
  readonly message: string;
  readonly severity: 'OK' | 'Warning' | 'Critical';
  readonly resolution: string;
}

const templates = {
  Success: ['The request completed successfully.', 'OK', 'None.'],
  Created: ['The resource was created successfully.', 'OK', 'None.'],
  GeneralError: [
    'A general error has occurred.  See Resolution for information on how to resolve the error.',
    'Critical',
    'None.',
  ],
  MalformedJSON: [
    'The request body submitted was malformed JSON and could not be parsed by the receiving service.',
    'Critical',
    'Ensure that the request body is valid JSON and resubmit the request.',
  ],
  EmptyJSON: [
    'The request body submitted contained an empty JSON object and the service is unable to process it.',
    'Warning',
    'Add properties in the JSON object and resubmit the request.',
  ],
  UnrecognizedRequestBody: [
    'The service detected a malformed request body that it was unable to interpret.',
    'Warning',
    'Correct the request body and resubmit the request if it failed.',
  ],
  PropertyUnknown: [
    'The property %1 is not in the list of valid properties for the resource.',
    'Warning',
    'Remove the unknown property from the request body and resubmit the request if the operation failed.',
  ],
  PropertyNotWritable: [
    'The property %1 is a read only property and cannot be assigned a value.',
    'Warning',
    'Remove the property from the request body and resubmit the request if the operation failed.',
  ],
  PropertyValueTypeError: [
    "The value '%1' for the property %2 is of a different type than the property can accept.",
    'Warning',
    'Correct the value for the property in the request body and resubmit the request if the operation failed.',
  ],
  PropertyValueNotInList: [
    "The value '%1' for the property %2 is not in the list of acceptable values.",
    'Warning',
    'Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.',
  ],
  PropertyMissing: [
    'The property %1 is a required property and must be included in the request.',
    'Warning',
    'Ensure that the property is in the request body and has a valid value and resubmit the request if the operation failed.',
  ],
  ActionParameterMissing: [
    'The action %1 requires the parameter %2 to be present in the request body.',
    'Critical',
    'Supply the action with the required parameter in the request body when the request is resubmitted.',
  ],
  ActionParameterUnknown: [
    'The action %1 was submitted with the invalid parameter %2.',
    'Warning',
    'Correct the invalid parameter and resubmit the request if the operation failed.',
  ],
  ActionParameterValueTypeError: [
    "The value '%1' for the parameter %2 in the action %3 is of a different type than the parameter can accept.",
    'Warning',
    'Correct the value for the parameter in the request body and resubmit the request if the operation failed.',
  ],
  ActionParameterValueNotInList: [
    "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.",
    'Warning',
    'Choose a value from the enumeration list and resubmit the request if the operation failed.',
  ],
  ActionParameterValueError: [
    'The value for the parameter %1 in the action %2 is invalid.',
    'Warning',
    'Correct the value for the parameter in the request body and resubmit the request if the operation failed.',
  ],
  ResourceMissingAtURI: [
    'The resource at the URI %1 was not found.',
    'Critical',
    'Place a valid resource at the URI or correct the URI and resubmit the request.',
  ],
  OperationNotAllowed: ['The HTTP method is not allowed on this resource.', 'Critical', 'None.'],
  PreconditionFailed: [
    'The ETag supplied did not match the ETag required to change this resource.',
    'Critical',
    'Try the operation again using the appropriate ETag.',
  ],
  PreconditionRequired: [
    'A precondition header or annotation is required to change this resource.',
    'Critical',
    'Try the operation again using an If-Match or If-None-Match header and appropriate ETag.',
  ],
  ServiceTemporarilyUnavailable: [
    'The service is temporarily unavailable.  Retry in %1 seconds.',
    'Critical',
    'Wait for the indicated retry duration and retry the operation.',
  ],
  NoValidSession: [
    'There is no valid session established with the implementation.',
    'Critical',
    'Establish a session before attempting any operations.',
  ],
  ResourceInUse: [
    'The change to the requested resource failed because the resource is in use or in transition.',
    'Warning',
    'Remove the condition and resubmit the request if the operation failed.',
  ],
  ResourceInStandby: [
    'The request could not be performed because the resource is in standby.',
    'Critical',
    'Ensure that the resource is in the correct power state and resubmit the request.',
  ],
  ResourceCannotBeDeleted: [
    'The delete request failed because the resource requested cannot be deleted.',
    'Critical',
    'Do not attempt to delete a non-deletable resource.',
  ],
  CreateFailedMissingReqProperties: [
    'The create operation failed because the required property %1 was missing from the request.',
    'Critical',
    'Correct the body to include the required property with a valid value and resubmit the request if the operation failed.',
  ],
  PayloadTooLarge: [
    'The supplied payload exceeds the maximum size supported by the service.',
    'Critical',
    'Correct the request body and resubmit the request if it failed.',
  ],
  ArraySizeTooShort: [
    'The array provided for property %1 is under the minimum size limit %2.',
    'Warning',
    'Resubmit the request with an appropriate array size.',
  ],
  ActionNotSupported: [
    'The action %1 is not supported by the resource.',
    'Critical',
    'The action supplied cannot be resubmitted to the implementation.',
  ],
} as const satisfies Record<string, readonly [string, MessageTemplate['severity'], string]>;

/** A message key of the Base registry that the emulator uses. */
export type BaseMessageKey = keyof typeof templates;

/** The registry entry for `key`. */
export function baseMessage(key: BaseMessageKey): MessageTemplate {
  const [message, severity, resolution] = templates[key];
  return { message, severity, resolution };
}
