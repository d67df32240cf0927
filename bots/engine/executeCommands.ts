// Carry out a step's commands through the ports, one after the other, in the order the flow asked.
import type { BotCommand } from '../flows/commands.ts';
import type { BotPorts } from '../ports.ts';

export async function executeCommands(ports: BotPorts, conversationId: string, commands: BotCommand[]): Promise<void> {
  for (const command of commands) await executeCommand(ports, conversationId, command);
}

async function executeCommand(ports: BotPorts, conversationId: string, command: BotCommand): Promise<void> {
  switch (command.type) {
    case 'sendTemplate':
      return ports.sendTemplate(conversationId, command.event, {
        locale: command.locale,
        ...(command.buttons ? { buttons: command.buttons } : {}),
        ...(command.data ? { data: command.data } : {}),
        ...(command.appointmentIds ? { appointmentIds: command.appointmentIds } : {}),
        ...(command.appointmentStatus ? { appointmentStatus: command.appointmentStatus } : {}),
      });
    case 'setAppointmentStatus':
      for (const appointmentId of command.appointmentIds) await ports.setAppointmentStatus(appointmentId, command.status);
      return;
    case 'markAppointmentUnanswered':
      for (const appointmentId of command.appointmentIds) await ports.markAppointmentUnanswered(appointmentId);
      return;
    case 'setRecallStatus':
      return ports.setRecallStatus(command.recallId, command.status);
    case 'recordSurveyScore':
      return ports.recordSurveyScore(conversationId, command.score, command.appointmentId);
    case 'handover':
      return ports.handover(conversationId, command.reason);
    case 'closeConversation':
      return ports.closeConversation(conversationId, command.reason);
  }
}
