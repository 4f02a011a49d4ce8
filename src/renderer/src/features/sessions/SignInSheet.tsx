import { st } from '../../i18n/staff';
import { useFormat } from '../../i18n/useFormat';
import { ATTENDANCE_STATUSES, type AttendanceEntry } from '../../../../shared/attendance';
import type { SessionRecord } from '../../repositories/sessions';
import { sharedText } from '../../i18n/shared';

/**
 * The paper sign-in sheet some payers require: on screen it does not exist, printed it is the
 * whole page. Members sign on the line; status and times are what was recorded so far.
 */
export function SignInSheet({ session, facilitators, members, entryOf }: { session: SessionRecord; facilitators: string; members: { clientId: string; name: string }[]; entryOf: (clientId: string) => AttendanceEntry }) {
  const format = useFormat();
  const day = format.day(session.date, 'long');
  return (
    <div className="print-area print-only" aria-hidden>
      <h1 style={{ fontSize: 18, margin: 0 }}>{st('sessions.SignInSheet.title', { title: session.data.title })}</h1>
      <p style={{ margin: '4px 0 12px' }}>
        {st('sessions.SignInSheet.when', { date: day, start: session.data.start, end: session.data.end, facilitators })}
      </p>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {[st('sessions.SignInSheet.member'), st('sessions.SignInSheet.status'), st('sessions.SignInSheet.arrived'), st('sessions.SignInSheet.left'), st('sessions.SignInSheet.signature')].map((h) => (
              <th key={h} style={{ textAlign: 'left', borderBottom: '1px solid #000', padding: 4 }}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const entry = entryOf(m.clientId);
            return (
              <tr key={m.clientId}>
                <td style={{ padding: '10px 4px', borderBottom: '1px solid #999' }}>{m.name}</td>
                <td style={{ padding: '10px 4px', borderBottom: '1px solid #999' }}>{sharedText(ATTENDANCE_STATUSES[entry.status])}</td>
                <td style={{ padding: '10px 4px', borderBottom: '1px solid #999' }}>{entry.arrivedAt ?? ''}</td>
                <td style={{ padding: '10px 4px', borderBottom: '1px solid #999' }}>{entry.leftAt ?? ''}</td>
                <td style={{ padding: '10px 4px', borderBottom: '1px solid #999', width: '35%' }} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
