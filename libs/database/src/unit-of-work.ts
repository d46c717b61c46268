import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** One database transaction, passed from service to repositories; services never see TypeORM. */
export class Transaction {
  constructor(readonly manager: EntityManager) {}
}

@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: a change and its outbox events commit together or not at all. */
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new Transaction(manager)));
  }

  /** Cheap readiness probe. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
