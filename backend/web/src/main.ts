import './style.css';
import { ApiError, describeJob, submitJob, waitForJob } from './api-client.js';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
}

const form = element<HTMLFormElement>('job-form');
const videoInput = element<HTMLInputElement>('video');
const status = element<HTMLParagraphElement>('status');
const result = element<HTMLPreElement>('result');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  result.hidden = true;
  status.textContent = 'Submitting…';
  const submit = form.querySelector('button');
  if (submit) submit.disabled = true;
  submitJob(videoInput.value.trim())
    .then((job) => waitForJob(job.id, { onUpdate: (update) => (status.textContent = describeJob(update)) }))
    .then((job) => {
      if (job.result) {
        result.textContent = JSON.stringify(job.result, null, 2);
        result.hidden = false;
      }
    })
    .catch((error: unknown) => {
      status.textContent = error instanceof ApiError ? `Error: ${error.message}` : 'Error: the API is unreachable.';
    })
    .finally(() => {
      if (submit) submit.disabled = false;
    });
});
