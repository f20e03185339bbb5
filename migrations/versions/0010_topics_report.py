"""topics (satsingsområder) as data, many per event; kinds fagdag, informasjonsmote, annet

Today's single ``event.topic`` string becomes rows of ``topic`` linked through
``event_topic``; the old column is dropped (every use now reads ``event.topics``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 22:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('konferanse', 'webinarserie', 'klinobs_kurs', 'abc_fagseminar', " \
            "'nettverkssamling')"
NEW_KINDS = "kind IN ('konferanse', 'webinarserie', 'klinobs_kurs', 'abc_fagseminar', " \
            "'nettverkssamling', 'fagdag', 'informasjonsmote', 'annet')"

# The national priorities the action plans name (valid from 2020, open-ended), and the ones
# the old fixed list had that the plans name differently.
TOPICS = ["Bo trygt hjemme", "Demens", "Ernæring", "Helseteknologi",
          "Kompetanse og fagutvikling", "Ledelse", "Legemidler", "Lindrende behandling",
          "Pasientsikkerhet", "Psykisk helse", "Pårørende",
          "Rehabilitering og hverdagsmestring", "TryggEst", "Utviklingshemming"]
RENAMED = {"Demensplan": "Demens", "Legemiddelhåndtering": "Legemidler"}
FIRST_YEAR = 2020


def upgrade():
    topic = op.create_table(
        'topic',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('valid_from_year', sa.Integer(), nullable=False),
        sa.Column('valid_to_year', sa.Integer(), nullable=True),
        sa.CheckConstraint('valid_to_year IS NULL OR valid_to_year >= valid_from_year',
                           name=op.f('ck_topic_valid_to_after_from')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_topic')),
        sa.UniqueConstraint('name', name=op.f('uq_topic_name')),
    )
    op.create_table(
        'event_topic',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('topic_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_event_topic_event_id_event'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['topic_id'], ['topic.id'],
                                name=op.f('fk_event_topic_topic_id_topic'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'topic_id', name=op.f('pk_event_topic')),
    )
    op.create_index(op.f('ix_event_topic_topic_id'), 'event_topic', ['topic_id'], unique=False)

    conn = op.get_bind()
    used = [row[0] for row in conn.execute(sa.text(
        "SELECT DISTINCT topic FROM event WHERE topic <> ''"))]
    names = sorted(set(TOPICS) | {RENAMED.get(name, name)[:120] for name in used})
    op.bulk_insert(topic, [{"name": name, "valid_from_year": FIRST_YEAR, "valid_to_year": None}
                           for name in names])
    ids = dict(conn.execute(sa.text("SELECT name, id FROM topic")).all())
    for name in used:
        conn.execute(sa.text(
            "INSERT INTO event_topic (event_id, topic_id) SELECT id, :topic FROM event "
            "WHERE topic = :name").bindparams(topic=ids[RENAMED.get(name, name)[:120]],
                                              name=name))

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('topic')
        batch_op.drop_constraint(batch_op.f('ck_event_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_event_kind_known'), NEW_KINDS)


def downgrade():
    # The old schema knows neither the new kinds nor several topics per event: new kinds
    # become «konferanse», and each event keeps the first of its topics by name.
    op.execute("UPDATE event SET kind = 'konferanse' "
               "WHERE kind IN ('fagdag', 'informasjonsmote', 'annet')")
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=120), server_default='',
                                      nullable=False))
        batch_op.drop_constraint(batch_op.f('ck_event_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_event_kind_known'), OLD_KINDS)
    op.execute(
        "UPDATE event SET topic = COALESCE((SELECT MIN(topic.name) FROM event_topic "
        "JOIN topic ON topic.id = event_topic.topic_id "
        "WHERE event_topic.event_id = event.id), '')")
    op.drop_index(op.f('ix_event_topic_topic_id'), table_name='event_topic')
    op.drop_table('event_topic')
    op.drop_table('topic')
