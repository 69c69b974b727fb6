/** The operator page's styles: plain, legible, high contrast; focus always visible. */
import { css } from 'lit';

export const adminStyles = css`
  :host {
    display: block;
    font:
      15px/1.45 system-ui,
      sans-serif;
    color: #1b1b1b;
    background: #fff;
    max-width: 72rem;
    margin: 0 auto;
    padding: 1rem;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.2rem;
    margin: 1.5rem 0 0.5rem;
  }
  section {
    border-top: 1px solid #c4c4c4;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.3rem 0.5rem;
    border-bottom: 1px solid #e0e0e0;
    vertical-align: top;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button {
    padding: 0.3rem 0.8rem;
    border: 1px solid #1d4ed8;
    background: #1d4ed8;
    color: #fff;
    border-radius: 4px;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: #1d4ed8;
  }
  button.link {
    background: none;
    border: none;
    color: #1d4ed8;
    text-decoration: underline;
    padding: 0;
    font-family: ui-monospace, monospace;
  }
  :focus-visible {
    outline: 3px solid #b45309;
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin-top: 0.5rem;
  }
  input,
  select,
  textarea {
    border: 1px solid #6b6b6b;
    border-radius: 4px;
    padding: 0.25rem 0.4rem;
  }
  textarea {
    width: 100%;
    max-width: 40rem;
    min-height: 4rem;
  }
  .row {
    display: flex;
    gap: 1rem;
    flex-wrap: wrap;
    align-items: end;
  }
  .error {
    color: #a11d1d;
    font-weight: 600;
  }
  .status {
    font-weight: 600;
  }
  ol.timeline {
    padding-inline-start: 1.2rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.2rem 1rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  dialog {
    border: 2px solid #1b1b1b;
    border-radius: 6px;
    max-width: 32rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 40%);
  }
  code {
    font-family: ui-monospace, monospace;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
