import { loadProjectWithSources } from './loader/project-sources.js';
import { convert } from './convert/convert.js';
import { formatReport } from './convert/report-table.js';
const { project, locate } = await loadProjectWithSources({ cwd: process.argv[2], environment: {} });
const r = convert(project, { to: 'ecs', locate });
process.stdout.write(r.files[0].content);
process.stderr.write(formatReport(r.report));
