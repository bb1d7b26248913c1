"""Continuous-integration files for a ledger repository: check every push, and on a pull (merge)
request post the ledger's semantic change as a comment. `xiezuo init` writes the GitHub one."""

from __future__ import annotations

from pathlib import Path

GITHUB_WORKFLOW_PATH = ".github/workflows/xiezuo.yml"

GITHUB_WORKFLOW = """\
# xiezuo 台账的持续集成（由 xiezuo init 生成，可按需修改）：
# 每次推送和合并请求都校验台账；合并请求（PR）还会把台账的实际变化贴成评论。
# 台账不在仓库根目录时，给下面每个 xiezuo 命令加上 --ledger 台账目录（写在命令名之前）。
name: xiezuo

on:
  push:
    branches: [main, master]
  pull_request:

permissions:
  contents: read
  pull-requests: write

jobs:
  ledger:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # xiezuo diff 要从完整历史中找出分叉点
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: 安装 xiezuo
        run: pip install xiezuo  # 未发布到 PyPI 时改为 pip install git+https://…/xiezuo.git
      - name: 校验台账
        run: xiezuo check --format github
      - name: 台账变更摘要
        if: ${{ !cancelled() && github.event_name == 'pull_request' }}
        env:
          BASE: ${{ github.base_ref }}
        run: |
          xiezuo diff "origin/$BASE...HEAD" --format markdown > xiezuo-diff.md
          cat xiezuo-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: 把变更摘要贴到合并请求
        if: ${{ !cancelled() && github.event_name == 'pull_request' }}
        continue-on-error: true  # 来自 fork 的合并请求没有写评论的权限，摘要仍在运行摘要页中
        env:
          GH_TOKEN: ${{ github.token }}
          PR: ${{ github.event.pull_request.number }}
        run: |
          gh pr comment "$PR" --edit-last --body-file xiezuo-diff.md \\
            || gh pr comment "$PR" --body-file xiezuo-diff.md
"""

GITLAB_CI = """\
# xiezuo 台账的 GitLab CI：每次推送都校验台账；合并请求把台账的实际变化贴成评论。
# 贴评论需要在“设置 → CI/CD → 变量”中添加 XIEZUO_BOT_TOKEN（项目访问令牌，api 权限）；
# 没有这个变量时，变更摘要只保存为作业产物 xiezuo-diff.md。
stages: [check]

variables:
  GIT_DEPTH: "0"  # xiezuo diff 要从完整历史中找出分叉点

default:
  image: python:3.12
  before_script:
    - pip install --quiet xiezuo

xiezuo-check:
  stage: check
  script:
    - xiezuo check

xiezuo-diff:
  stage: check
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - TARGET="$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - git fetch --quiet origin "$TARGET:refs/remotes/origin/$TARGET"
    - xiezuo diff "origin/$TARGET...HEAD" --format markdown > xiezuo-diff.md
    - cat xiezuo-diff.md
    - |
      if [ -n "$XIEZUO_BOT_TOKEN" ]; then
        curl --fail --silent --show-error --request POST \\
          --header "PRIVATE-TOKEN: $XIEZUO_BOT_TOKEN" \\
          --data-urlencode "body@xiezuo-diff.md" \\
          "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
      fi
  artifacts:
    paths: [xiezuo-diff.md]
"""


def write_ci(repo_root: Path) -> list[str]:
    """Write the GitHub Actions workflow into a ledger repository unless one is already there."""
    path = repo_root / GITHUB_WORKFLOW_PATH
    if path.exists():
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GITHUB_WORKFLOW, "utf-8")
    return [f"已写入持续集成工作流 {GITHUB_WORKFLOW_PATH}（推送时校验台账，合并请求时贴出台账变更摘要）"]
