"""Every kind of audit row, with its label for people (Norwegian source, English in the
translations)."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class AuditAction(enum.StrEnum):
    # What participants do themselves (no actor) and what organisers do to registrations
    REGISTERED = "registration.registered"
    ADDED = "registration.added"
    CANCELLED = "registration.cancelled"
    PROMOTED = "registration.promoted"
    CONFIRMED_OVER_CAPACITY = "registration.confirmed_over_capacity"
    QUEUE_MOVED = "registration.queue_moved"
    EDITED = "registration.edited"
    MODE_CHANGED = "registration.mode_changed"
    SELF_EDITED = "registration.self_edited"
    # «Velg økter»: the participant adds or drops one session of a registration
    SESSION_CHOSEN = "registration.session_chosen"
    SESSION_DROPPED = "registration.session_dropped"
    # Groups («Meld på flere»): what the contact person does
    GROUP_REGISTERED = "group.registered"
    GROUP_ADDED = "group.added"
    GROUP_REPLACED = "group.replaced"
    GROUP_CANCELLED = "group.cancelled"
    # The event's own questions on the registration form
    FORM_QUESTION_ADDED = "form.question_added"
    FORM_QUESTION_CHANGED = "form.question_changed"
    FORM_QUESTION_REMOVED = "form.question_removed"
    EXPORT_HEALTH_ANSWERS = "export.health_answers"
    # Privacy rights: erasure («Slett meg», an admin for an address) and access (innsyn)
    ERASED = "privacy.erased"
    PERSONAL_DATA_EXPORTED = "export.personal_data"
    CAPACITY_CHANGED = "capacity.changed"
    QUOTA_LIFTED = "registration.quota_lifted"
    # Events, sessions and the team
    EVENT_CREATED = "event.created"
    EVENT_EDITED = "event.edited"
    EVENT_STATUS = "event.status"
    EVENT_DUPLICATED = "event.duplicated"
    SERIES_SAVED = "series.saved"
    SERIES_EVENT = "series.event"
    EVENT_MESSAGE = "event.message"
    SESSION_ADDED = "session.added"
    SESSION_EDITED = "session.edited"
    SESSION_REMOVED = "session.removed"
    TEAM_ADDED = "team.added"
    TEAM_REMOVED = "team.removed"
    TOPIC_SAVED = "topic.saved"
    # Networks, who may register, invitations (networks/)
    NETWORK_SAVED = "network.saved"
    NETWORK_MEMBER_ADDED = "network.member_added"
    NETWORK_MEMBER_REMOVED = "network.member_removed"
    NETWORK_IMPORTED = "network.imported"
    NETWORK_MESSAGE = "network.message"
    AUDIENCE_CHANGED = "event.audience"
    INVITATIONS_SENT = "event.invited"
    # Attendance
    CHECKIN_ADDED = "checkin.added"
    CHECKIN_UNDONE = "checkin.undone"
    CHECKIN_MANUAL = "checkin.manual"
    # Mail
    MAIL_OPTED_OUT = "mail.opted_out"
    MAIL_BOUNCED = "mail.bounced"
    # Evaluations
    EVALUATION_TEMPLATE_USED = "evaluation.template_used"
    EVALUATION_TEMPLATE_SAVED = "evaluation.template_saved"
    EVALUATION_QUESTION_ADDED = "evaluation.question_added"
    EVALUATION_QUESTION_CHANGED = "evaluation.question_changed"
    EVALUATION_QUESTION_REMOVED = "evaluation.question_removed"
    EVALUATION_SETTINGS = "evaluations.settings"
    EVALUATION_INVITED = "evaluation.invited"
    EVALUATION_REMINDED = "evaluation.reminded"
    # Personal data leaving the system
    EXPORT_PARTICIPANTS = "export.participants"
    EXPORT_KITCHEN = "export.kitchen"
    EXPORT_EVALUATION = "export.evaluation"
    EXPORT_REPORT = "export.report"
    # Privacy: deletion and anonymisation (never with the values)
    DIET_DELETED = "privacy.diet_deleted"
    HEALTH_ANSWERS_DELETED = "privacy.health_answers_deleted"
    ANONYMISED = "privacy.anonymised"
    # Course tracks: prerequisites, completion, kursbevis, the instructor registry
    PREREQUISITE_WAIVED = "course.prerequisite_waived"
    COURSE_SETTINGS = "course.settings"
    COMPLETION_RECORDED = "course.completed"
    COMPLETION_MANUAL = "course.completed_manual"
    COMPLETION_WITHDRAWN = "course.completion_withdrawn"
    EXPORT_CERTIFICATES = "export.certificates"
    EXPORT_INSTRUCTORS = "export.instructors"
    INSTRUCTORS_MESSAGE = "course.instructors_message"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    AuditAction.REGISTERED: _l("Meldte seg på"),
    AuditAction.ADDED: _l("Lagt til av arrangør"),
    AuditAction.CANCELLED: _l("Avmeldt"),
    AuditAction.PROMOTED: _l("Fikk plass fra ventelisten"),
    AuditAction.CONFIRMED_OVER_CAPACITY: _l("Bekreftet utover kapasiteten"),
    AuditAction.QUEUE_MOVED: _l("Flyttet i ventelisten"),
    AuditAction.EDITED: _l("Opplysninger endret"),
    AuditAction.MODE_CHANGED: _l("Endret deltakelsesform"),
    AuditAction.SELF_EDITED: _l("Deltakeren endret egne opplysninger"),
    AuditAction.SESSION_CHOSEN: _l("Deltakeren la til en økt"),
    AuditAction.SESSION_DROPPED: _l("Deltakeren meldte seg av en økt"),
    AuditAction.QUOTA_LIFTED: _l("Løftet kommunekvoten for en deltaker"),
    AuditAction.SERIES_SAVED: _l("Lagret en serie"),
    AuditAction.SERIES_EVENT: _l("Endret hvilken serie arrangementet hører til"),
    AuditAction.GROUP_REGISTERED: _l("Kontaktpersonen meldte på en gruppe"),
    AuditAction.GROUP_ADDED: _l("Kontaktpersonen la til deltakere i gruppen"),
    AuditAction.GROUP_REPLACED: _l("Kontaktpersonen byttet ut en deltaker"),
    AuditAction.GROUP_CANCELLED: _l("Kontaktpersonen meldte av deltakere i gruppen"),
    AuditAction.FORM_QUESTION_ADDED: _l("La til et spørsmål i påmeldingsskjemaet"),
    AuditAction.FORM_QUESTION_CHANGED: _l("Endret et spørsmål i påmeldingsskjemaet"),
    AuditAction.FORM_QUESTION_REMOVED: _l("Fjernet et spørsmål fra påmeldingsskjemaet"),
    AuditAction.EXPORT_HEALTH_ANSWERS: _l("Eksport av svar med helseopplysninger"),
    AuditAction.HEALTH_ANSWERS_DELETED: _l("Svar med helseopplysninger slettet"),
    AuditAction.ERASED: _l("Personopplysninger slettet etter ønske"),
    AuditAction.PERSONAL_DATA_EXPORTED: _l("Innsyn: personopplysninger eksportert"),
    AuditAction.CAPACITY_CHANGED: _l("Kapasitet endret"),
    AuditAction.EVENT_CREATED: _l("Arrangement opprettet"),
    AuditAction.EVENT_EDITED: _l("Arrangement endret"),
    AuditAction.EVENT_STATUS: _l("Status endret"),
    AuditAction.EVENT_DUPLICATED: _l("Kopiert fra et annet arrangement"),
    AuditAction.EVENT_MESSAGE: _l("Melding sendt"),
    AuditAction.SESSION_ADDED: _l("Økt lagt til"),
    AuditAction.SESSION_EDITED: _l("Økt endret"),
    AuditAction.SESSION_REMOVED: _l("Økt fjernet"),
    AuditAction.TEAM_ADDED: _l("Lagt til i teamet"),
    AuditAction.TEAM_REMOVED: _l("Fjernet fra teamet"),
    AuditAction.NETWORK_SAVED: _l("Nettverk lagret"),
    AuditAction.NETWORK_MEMBER_ADDED: _l("Medlem lagt til i nettverket"),
    AuditAction.NETWORK_MEMBER_REMOVED: _l("Medlem fjernet fra nettverket"),
    AuditAction.NETWORK_IMPORTED: _l("Medlemmer importert til nettverket"),
    AuditAction.NETWORK_MESSAGE: _l("Melding sendt til nettverkets medlemmer"),
    AuditAction.AUDIENCE_CHANGED: _l("Endret hvem som kan melde seg på"),
    AuditAction.INVITATIONS_SENT: _l("Invitasjoner sendt"),
    AuditAction.CHECKIN_ADDED: _l("Sjekket inn"),
    AuditAction.CHECKIN_UNDONE: _l("Innsjekking angret"),
    AuditAction.CHECKIN_MANUAL: _l("Oppmøte registrert for hånd"),
    AuditAction.MAIL_OPTED_OUT: _l("Avsluttet e-post av en type (avmeldingslenke i e-posten)"),
    AuditAction.MAIL_BOUNCED: _l("E-postadressen ble avvist av mottakerens e-postserver"),
    AuditAction.EVALUATION_TEMPLATE_USED: _l("Evalueringsmal tatt i bruk"),
    AuditAction.EVALUATION_TEMPLATE_SAVED: _l("Evaluering lagret som mal"),
    AuditAction.EVALUATION_QUESTION_ADDED: _l("Spørsmål lagt til i evalueringen"),
    AuditAction.EVALUATION_QUESTION_CHANGED: _l("Spørsmål i evalueringen endret"),
    AuditAction.EVALUATION_QUESTION_REMOVED: _l("Spørsmål fjernet fra evalueringen"),
    AuditAction.EVALUATION_SETTINGS: _l("Innstillinger for evalueringen endret"),
    AuditAction.EVALUATION_INVITED: _l("Evaluering sendt"),
    AuditAction.EVALUATION_REMINDED: _l("Påminnelse om evaluering sendt"),
    AuditAction.EXPORT_PARTICIPANTS: _l("Eksport av deltakerliste"),
    AuditAction.EXPORT_KITCHEN: _l("Eksport av kjøkkenliste"),
    AuditAction.EXPORT_EVALUATION: _l("Eksport av evalueringssvar"),
    AuditAction.EXPORT_REPORT: _l("Eksport av årsrapport"),
    AuditAction.TOPIC_SAVED: _l("Satsingsområde lagret"),
    AuditAction.DIET_DELETED: _l("Svar om kost og allergier slettet"),
    AuditAction.ANONYMISED: _l("Personopplysninger anonymisert"),
    AuditAction.PREREQUISITE_WAIVED: _l("Sluppet inn uten fullført forrige trinn"),
    AuditAction.COURSE_SETTINGS: _l("Kursløp og kursbevis endret"),
    AuditAction.COMPLETION_RECORDED: _l("Kurs fullført (oppmøte på alle dager)"),
    AuditAction.COMPLETION_MANUAL: _l("Registrert som fullført av arrangør"),
    AuditAction.COMPLETION_WITHDRAWN: _l("Kursbevis trukket tilbake"),
    AuditAction.EXPORT_CERTIFICATES: _l("Eksport av kursbevis"),
    AuditAction.EXPORT_INSTRUCTORS: _l("Eksport av instruktørregisteret"),
    AuditAction.INSTRUCTORS_MESSAGE: _l("Melding sendt til instruktører"),
}
