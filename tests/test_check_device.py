"""Checks train on the CPU without asking the learner's config for it (issue 16, devices)."""

from grader.core import offline


def test_the_check_environment_hides_gpus_and_tells_accelerate_to_use_the_cpu():
    env = offline.cpu_only({"CUDA_VISIBLE_DEVICES": "0"})
    assert env == {"CUDA_VISIBLE_DEVICES": "", "ACCELERATE_USE_CPU": "true"}


def test_a_trainer_config_without_use_cpu_trains_on_the_cpu_under_pytest(tmp_path):
    from transformers import TrainingArguments

    args = TrainingArguments(output_dir=str(tmp_path), report_to="none")  # no use_cpu
    assert not args.use_cpu
    assert args.device.type == "cpu" and args.distributed_state._cpu, (
        "the grader's pytest plugin must make accelerate place every Trainer on the CPU"
    )
