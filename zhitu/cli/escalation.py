"""`zhitu escalation retrain` — (re)build the escalation classifier from the labelled files."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from zhitu.cli.output import echo_json


def register(main: click.Group) -> None:
    @main.group("escalation")
    def escalation_group() -> None:
        """The escalation classifier (assistant/escalation)."""

    @escalation_group.command("build")
    @click.pass_obj
    def build(services) -> None:
        """Build the classifier if this data and embedding model have none cached yet (what `make install` runs)."""
        from assistant.escalation.training import artefact_path, build_classifier, label_files

        path, _, _ = artefact_path(services.settings, services.embeddings, label_files(services.settings))
        cached = path.is_file()
        report = build_classifier(services.settings, services.embeddings).report.to_json()
        click.echo(f"{'cached' if cached else 'trained'}: {path} ({report['examples']} messages, "
                   f"training took {report['train_seconds']:.1f} s)")

    @escalation_group.command("retrain")
    @click.option("--labels", "labels", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Labelled JSON Lines (e.g. from `zhitu feedback export --escalation`); kept under "
                       "$ZHITU_HOME/escalation/labels and trained on from now on, with the shipped set.")
    @click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
    @click.pass_obj
    def retrain(services, labels: tuple[Path, ...], as_json: bool) -> None:
        """Train the classifier on the shipped labelled set, the kept label files and --labels (deterministic: same data,
        same classifier), cache it, and print how it did on its validation folds (in-sample)."""
        from assistant.escalation.labelled import load_labelled
        from assistant.escalation.training import build_classifier, kept_labels_dir

        load_labelled(list(labels))  # a bad file stops here, before anything is kept
        keep = kept_labels_dir(services.settings)
        keep.mkdir(parents=True, exist_ok=True)
        for path in labels:
            shutil.copyfile(path, keep / path.name)
        classifier = build_classifier(services.settings, services.embeddings, force=True)
        services.escalation.reload(classifier)
        report = classifier.report.to_json()
        if as_json:
            echo_json(report)
            return
        v = report["validation"]
        click.echo(f"trained on {report['examples']} messages ({report['escalate']} must escalate) in "
                   f"{report['train_seconds']:.1f} s (+{report['embed_seconds']:.1f} s embedding)")
        click.echo(f"validation folds (in-sample): recall {v['recall']:.3f}, false escalations {v['false_escalations']:.3f}")
