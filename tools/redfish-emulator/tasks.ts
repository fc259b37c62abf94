import { nextId, recordEvent, schedule, type EmulatorState } from './emulator-state.js';
import { linkAt, stringAt, type JsonObject } from './json-object.js';
import { normalizePath, SERVICE_ROOT } from './odata-path.js';
import type { RedfishMessage } from './redfish-error.js';
import type { Reply } from './reply.js';

/** A started task: its Task resource and the task monitor URI handed out in `Location` (DSP0266 §7.11). */
export interface TaskHandle {
  readonly taskKey: string;
  readonly monitor: string;
}

const RUNNING_STATES = new Set(['New', 'Starting', 'Running', 'Pending', 'Suspended', 'Stopping', 'Cancelling']);

/** The TaskService's Tasks collection, created (with the service and the root link) when the mockup has none. */
export function ensureTaskCollection(state: EmulatorState): string {
  const { store } = state;
  const serviceKey =
    store.resolve(linkAt(store.get(SERVICE_ROOT), 'Tasks') ?? `${SERVICE_ROOT}/TaskService`) ??
    `${SERVICE_ROOT}/TaskService`;
  if (store.get(serviceKey) === undefined) {
    store.put(serviceKey, {
      '@odata.id': serviceKey,
      '@odata.type': '#TaskService.v1_2_0.TaskService',
      Id: 'TaskService',
      Name: 'Task Service',
      ServiceEnabled: true,
      Tasks: { '@odata.id': `${serviceKey}/Tasks` },
    });
    store.update(SERVICE_ROOT, (root) => void (root.Tasks = { '@odata.id': serviceKey }));
  }
  const tasksKey = normalizePath(linkAt(store.get(serviceKey), 'Tasks') ?? `${serviceKey}/Tasks`);
  if (store.get(tasksKey) === undefined) {
    store.put(tasksKey, {
      '@odata.id': tasksKey,
      '@odata.type': '#TaskCollection.TaskCollection',
      Name: 'Task Collection',
      'Members@odata.count': 0,
      Members: [],
    });
  }
  return tasksKey;
}

/** Creates a Task (Task v1_7) in `Running` or, for work waiting for a reset, `Pending`. */
export function createTask(
  state: EmulatorState,
  options: { name: string; taskState: 'Running' | 'Pending'; payload?: JsonObject },
): TaskHandle {
  const tasksKey = ensureTaskCollection(state);
  const id = String(nextId(state));
  const taskKey = `${tasksKey}/${id}`;
  const monitor = `${tasksKey.replace(/\/Tasks$/, '')}/TaskMonitors/${id}`;
  const task: JsonObject = {
    '@odata.id': taskKey,
    '@odata.type': '#Task.v1_7_1.Task',
    Id: id,
    Name: options.name,
    TaskState: options.taskState,
    TaskStatus: 'OK',
    StartTime: new Date().toISOString(),
    PercentComplete: 0,
    TaskMonitor: monitor,
    Messages: [],
  };
  if (options.payload !== undefined) task.Payload = options.payload;
  state.store.put(taskKey, task);
  state.store.addMember(tasksKey, taskKey);
  state.runtime.taskMonitors.set(monitor, taskKey);
  return { taskKey, monitor };
}

/** Finishes a task: `Completed` with OK, or `Exception` with Critical (TaskState, TaskStatus). */
export function completeTask(state: EmulatorState, taskKey: string, ok: boolean, messages: RedfishMessage[]): void {
  state.store.update(taskKey, (task) => {
    if (!RUNNING_STATES.has(stringAt(task, 'TaskState') ?? '')) return;
    task.TaskState = ok ? 'Completed' : 'Exception';
    task.TaskStatus = ok ? 'OK' : 'Critical';
    task.PercentComplete = 100;
    task.EndTime = new Date().toISOString();
    task.Messages = messages;
  });
  recordEvent(state, { kind: ok ? 'task-completed' : 'task-failed', target: taskKey });
}

/** Moves a task to Running now and completes it after the configured task delay. */
export function runTask(
  state: EmulatorState,
  taskKey: string,
  work: () => { ok: boolean; messages: RedfishMessage[] },
): void {
  const delayMs = state.switches.delaysMs.task;
  state.store.update(taskKey, (task) => {
    task.TaskState = 'Running';
    task.PercentComplete = delayMs > 0 ? 10 : 100;
  });
  schedule(state, delayMs, () => {
    const outcome = work();
    completeTask(state, taskKey, outcome.ok, outcome.messages);
  });
}

/**
 * GET on a task monitor (DSP0266 §7.11 "Asynchronous operations"): 202 with the Task while it runs, then the
 * final answer (200 with the Task). DELETE cancels a task that still runs.
 */
export function taskMonitorReply(state: EmulatorState, monitor: string, method: string): Reply | undefined {
  const taskKey = state.runtime.taskMonitors.get(monitor);
  const task = taskKey === undefined ? undefined : state.store.get(taskKey);
  if (taskKey === undefined || task === undefined) return undefined;
  const running = RUNNING_STATES.has(stringAt(task, 'TaskState') ?? '');
  if (method === 'DELETE') {
    if (running) state.store.update(taskKey, (body) => void (body.TaskState = 'Cancelled'));
    return { status: 204 };
  }
  if (running) return { status: 202, body: task, headers: { Location: monitor, 'Retry-After': '1' } };
  return { status: 200, body: task };
}
