import './app.css';
import 'katex/dist/katex.min.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { connect } from './api/connect';
import { Lab } from './state/lab.svelte';

const connection = connect();
const lab = new Lab(connection.api, connection.edition);

mount(App, { target: document.getElementById('app')!, props: { lab, desktop: connection.desktop } });
